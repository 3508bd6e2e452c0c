// Compression figures: what compressing a 7 MB JSON body to fit costs through proxyResponse(), next to
// Middy's stack with @middy/http-content-encoding (part of `pnpm bench`), and what each Brotli and gzip
// level costs and saves on such a body (`pnpm bench -- --compression-levels`). See README.md.
import { Buffer } from 'node:buffer'
import {
  type BrotliOptions,
  brotliCompressSync,
  brotliDecompressSync,
  constants,
  gunzipSync,
  gzipSync,
} from 'node:zlib'
import middy from '@middy/core'
import httpContentEncoding from '@middy/http-content-encoding'
import httpErrorHandler from '@middy/http-error-handler'
import httpResponseSerializer from '@middy/http-response-serializer'
import { LAMBDA_LIMIT, proxyResponse } from 'middy-proxy-response'
import { validateProxyResult } from 'middy-proxy-response/testing'
import { type Handler, httpV2Event, jsonPayload, KB, lambdaContext, ordersPayload } from './shapes.js'
import { formatInt, formatPercent, formatRatio, median, spread, table } from './stats.js'

type Encoding = 'br' | 'gzip'

/** Megabytes of 10^6 bytes per second. */
const mbPerSecond = (bytes: number, ms: number): number => bytes / 1e6 / (ms / 1000)
/** Mebibytes, as the benchmark's other figures (a "7 MB" body is 7 × 1024 × 1024 bytes of JSON). */
const formatMiB = (bytes: number): string => (bytes / KB / KB).toFixed(1)

/** The settings of src/compress.ts: Brotli quality 4 with a size hint; zlib's defaults for gzip (level 6). */
const brotliAt = (quality: number, bytes: number): BrotliOptions => ({
  params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: bytes },
})

const jsonSerializer = {
  serializers: [
    { regex: /^application\/json$/, serializer: ({ body }: { body?: unknown }) => JSON.stringify(body) },
  ],
  defaultContentType: 'application/json',
}

/** What @middy/http-content-negotiation would put on the context for this encoding. */
const negotiated = (encoding: Encoding) => ({
  before: (request: { context: object }): void => {
    Object.assign(request.context, { preferredEncoding: encoding, preferredEncodings: [encoding] })
  },
})

type Cell = {
  encoding: Encoding
  stack: 'proxy' | 'middy' | 'floor'
  label: string
  invoke: () => Promise<unknown>
  samples: number[]
  /** Characters of the body sent (base64), from the check before timing. */
  bodyChars: number
}

/** Undoes the Content-Encoding of a payload 2.0 result; the harness stops when a stack got it wrong. */
const decodedJson = (result: unknown, encoding: Encoding, where: string): string => {
  const problems = validateProxyResult(result, 'http-v2')
  if (problems.length > 0) throw new Error(`${where}: not a valid result (${JSON.stringify(problems)})`)
  const { headers, body, isBase64Encoded } = result as {
    headers: Record<string, string>
    body: string
    isBase64Encoded: boolean
  }
  const coding = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-encoding')?.[1]
  if (coding !== encoding || isBase64Encoded !== true) {
    throw new Error(
      `${where}: Content-Encoding ${String(coding)}, isBase64Encoded ${String(isBase64Encoded)}`,
    )
  }
  const bytes = Buffer.from(body, 'base64')
  return (encoding === 'br' ? brotliDecompressSync(bytes) : gunzipSync(bytes)).toString('utf8')
}

const time = async (invoke: () => Promise<unknown>): Promise<number> => {
  const start = performance.now()
  await invoke()
  return performance.now() - start
}

/**
 * A 7 MB JSON body (the benchmark's catalogue) through each stack, for a caller accepting `br` and one
 * accepting `gzip`, in interleaved rounds. Same bytes in (each invocation serializes the same object
 * once), same encoding, same settings: Brotli quality 4 with a size hint, gzip at zlib's default level.
 */
export const compressionRows = async (quick: boolean): Promise<string[]> => {
  const payload = jsonPayload(7 * KB * KB)
  const json = JSON.stringify(payload)
  const bytes = Buffer.byteLength(json)
  const rounds = quick ? 5 : 21
  const cells: Cell[] = []
  for (const encoding of ['br', 'gzip'] as const) {
    const event = httpV2Event(encoding)
    const options = encoding === 'br' ? brotliAt(4, bytes) : {}
    const proxy = middy(async () => payload).use(proxyResponse({ logger: false })) as unknown as Handler
    // Middy's stack with the encoder, in the order its documentation gives: the serializer's `after`
    // runs first, then the encoder's (Middy runs `after`s in reverse order of `use`).
    const middyStack = middy(async () => ({ statusCode: 200, body: payload }))
      .use(negotiated(encoding))
      .use(httpErrorHandler({ logger: false }))
      .use(httpContentEncoding({ [encoding]: options }))
      .use(httpResponseSerializer(jsonSerializer)) as unknown as Handler
    const compressSync = encoding === 'br' ? brotliCompressSync : gzipSync
    cells.push(
      {
        encoding,
        stack: 'proxy',
        label: 'proxyResponse()',
        invoke: () => proxy(event, { ...lambdaContext }),
        samples: [],
        bodyChars: 0,
      },
      {
        encoding,
        stack: 'middy',
        label: 'Middy HTTP stack + http-content-encoding',
        invoke: () => middyStack(event, { ...lambdaContext }),
        samples: [],
        bodyChars: 0,
      },
      {
        encoding,
        stack: 'floor',
        label: `floor: JSON.stringify + ${encoding === 'br' ? 'brotliCompressSync' : 'gzipSync'} + base64`,
        invoke: async () => compressSync(JSON.stringify(payload), options).toString('base64'),
        samples: [],
        bodyChars: 0,
      },
    )
  }
  // Before timing: every stack sends the same JSON, compressed as asked.
  for (const cell of cells) {
    const result = await cell.invoke()
    if (cell.stack === 'floor') {
      cell.bodyChars = (result as string).length
      continue
    }
    const where = `${cell.label} (${cell.encoding})`
    if (decodedJson(result, cell.encoding, where) !== json) throw new Error(`${where}: not the same JSON`)
    cell.bodyChars = (result as { body: string }).body.length
  }
  for (let round = -1; round < rounds; round++) {
    // One unrecorded round first, then every cell once a round, in an order that rotates.
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[(i + Math.max(round, 0)) % cells.length] as Cell
      const ms = await time(cell.invoke)
      if (round >= 0) cell.samples.push(ms)
    }
  }
  const find = (encoding: Encoding, stack: Cell['stack']): Cell =>
    cells.find((cell) => cell.encoding === encoding && cell.stack === stack) as Cell
  const paired = (a: Cell, b: Cell): number => median(a.samples.map((ms, i) => ms / (b.samples[i] as number)))
  const lines = [
    `compression to fit: a ${formatMiB(bytes)} MB JSON object (${formatInt(bytes)} bytes, the catalogue of the ` +
      `size guard) over the ${formatInt(LAMBDA_LIMIT)}-byte limit, HTTP API v2 event; ${rounds} rounds, ` +
      'interleaved; median ms per invocation; MB/s = 10^6 bytes of JSON in per second; ratio = median of per-round ratios',
    'same bytes in (every invocation serializes the same object once) and the same settings everywhere: Brotli ' +
      'quality 4 with a size hint (the encoder is given them as its br option), gzip at zlib default level 6; ' +
      "the encoder's preferredEncoding is set by a before middleware, as http-content-negotiation would",
    '',
    table(
      ['coding', 'stack', 'ms', 'MB/s', 'body sent B (base64)', 'vs Middy + encoder', 'noise'],
      cells.map((cell) => [
        cell.encoding,
        cell.label,
        median(cell.samples).toFixed(1),
        mbPerSecond(bytes, median(cell.samples)).toFixed(0),
        formatInt(cell.bodyChars),
        cell.stack === 'middy' ? '1.00' : formatRatio(paired(cell, find(cell.encoding, 'middy'))),
        `±${formatPercent(spread(cell.samples))}`,
      ]),
    ),
  ]
  if (!quick) {
    // What a user of http-content-encoding gets without options: Node's default Brotli quality, 11.
    const defaults = middy(async () => ({ statusCode: 200, body: payload }))
      .use(negotiated('br'))
      .use(httpErrorHandler({ logger: false }))
      .use(httpContentEncoding())
      .use(httpResponseSerializer(jsonSerializer)) as unknown as Handler
    const event = httpV2Event('br')
    let sent: unknown
    const ms = await time(async () => {
      sent = await defaults(event, { ...lambdaContext })
    })
    if (decodedJson(sent, 'br', 'http-content-encoding defaults') !== json)
      throw new Error('defaults: not the JSON')
    lines.push(
      '',
      `http-content-encoding at its defaults (br at Node's default quality 11), one invocation: ${ms.toFixed(0)} ms, ` +
        `${mbPerSecond(bytes, ms).toFixed(1)} MB/s, ${formatInt((sent as { body: string }).body.length)} B sent`,
    )
  }
  return lines
}

/** The compressed bytes a result can carry in base64 within the Lambda limit, 512 bytes left for the rest. */
const FITS = Math.floor(((LAMBDA_LIMIT - 512) * 3) / 4)

type Level = { coding: 'gzip' | 'br'; level: number; samples: number[]; output: number }

/**
 * Brotli quality levels against gzip levels on two 7 MB JSON bodies: time, throughput, output size and
 * ratio. Each level compresses each body once a round, in an order that rotates; medians over rounds.
 */
export const compressionLevels = (quick: boolean): string[] => {
  const bodies = [
    {
      name: 'catalogue',
      about: 'a repetitive catalogue: sequential ids and SKUs, few distinct words',
      bytes: Buffer.from(JSON.stringify(jsonPayload(7 * KB * KB))),
    },
    {
      name: 'orders',
      about: 'less repetitive: orders with random UUIDs, customer ids, amounts and timestamps',
      bytes: Buffer.from(JSON.stringify(ordersPayload(7 * KB * KB))),
    },
  ]
  const rounds = quick ? 2 : 5
  const lines = [
    `compression levels on two ${formatMiB(bodies[0]?.bytes.length ?? 0)} MB JSON bodies, node:zlib sync calls; ` +
      `${rounds} rounds, rotating order; median ms; MB/s = 10^6 bytes in per second; ratio = bytes in / bytes out` +
      (quick ? '; Brotli 11 only in a full run' : '; Brotli 11 once per body (it takes seconds)'),
  ]
  for (const body of bodies) {
    const input = body.bytes
    const levels: Level[] = [
      ...[1, 4, 6, 9].map((level) => ({ coding: 'gzip' as const, level, samples: [], output: 0 })),
      ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((level) => ({
        coding: 'br' as const,
        level,
        samples: [],
        output: 0,
      })),
    ]
    const run = (entry: Level): void => {
      const start = performance.now()
      const out =
        entry.coding === 'gzip'
          ? gzipSync(input, { level: entry.level })
          : brotliCompressSync(input, brotliAt(entry.level, input.length))
      entry.samples.push(performance.now() - start)
      entry.output = out.length
    }
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < levels.length; i++) run(levels[(i + round) % levels.length] as Level)
    }
    if (!quick) {
      const eleven: Level = { coding: 'br', level: 11, samples: [], output: 0 }
      run(eleven)
      levels.push(eleven)
    }
    const gzip6 = levels.find((entry) => entry.coding === 'gzip' && entry.level === 6) as Level
    const ms6 = median(gzip6.samples)
    lines.push(
      '',
      `${body.name}: ${formatInt(input.length)} bytes, ${body.about}`,
      table(
        ['coding', 'ms', 'MB/s', 'output B', 'ratio', 'time vs gzip 6', 'size vs gzip 6', 'fits up to MB'],
        levels.map((entry) => {
          const ms = median(entry.samples)
          return [
            `${entry.coding} ${entry.level}${entry.coding === 'br' && entry.level === 4 ? ' *' : ''}${entry === gzip6 ? ' *' : ''}`,
            ms.toFixed(1),
            mbPerSecond(input.length, ms).toFixed(0),
            formatInt(entry.output),
            `${(input.length / entry.output).toFixed(1)}×`,
            formatRatio(ms / ms6),
            formatRatio(entry.output / gzip6.output),
            formatInt((FITS * (input.length / entry.output)) / 1e6),
          ]
        }),
      ),
    )
  }
  lines.push(
    '',
    '* the settings proxyResponse() uses: br at quality 4, gzip at zlib default level (6)',
    `fits up to: how many MB (10^6 bytes) of such JSON still fit in ${formatInt(LAMBDA_LIMIT)} bytes once compressed at this ` +
      'ratio and sent in base64 (with 512 bytes of headers)',
  )
  return lines
}
