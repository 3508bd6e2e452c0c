// `pnpm bench [-- --quick]`: the cost of a warm invocation through Middy with no middleware, with
// Middy's own HTTP stack, and with proxyResponse(), for six result shapes, then what compressing a 7 MB
// body to fit costs. `pnpm bench -- --compression-levels [--quick]`: Brotli and gzip levels compared.
// See README.md.
//
// The stacks run interleaved in one process: every round runs a batch of each (stack, shape) cell,
// in an order that rotates from round to round, and the figures are medians over the rounds. Drift of
// the machine (frequency scaling, noisy neighbours, GC debt) then hits every stack alike. Ratios are
// medians of per-round ratios, so each compares batches that ran a few milliseconds apart.
import { cpus } from 'node:os'
import middy from '@middy/core'
import httpErrorHandler from '@middy/http-error-handler'
import httpResponseSerializer from '@middy/http-response-serializer'
import { proxyResponse } from 'middy-proxy-response'
import { validateProxyResult } from 'middy-proxy-response/testing'
import { compressionLevels, compressionRows } from './compression.js'
import {
  type Handler,
  httpV2Event,
  jsonPayload,
  KB,
  lambdaContext,
  restEvent,
  type Shape,
  shapes,
} from './shapes.js'
import { formatInt, formatPercent, formatRatio, median, spread, table, verdict } from './stats.js'

const quick = process.argv.includes('--quick')
// Quick mode (CI) keeps every figure but takes fewer, shorter samples: well under 60 s end to end.
const settings = quick
  ? { warmupRounds: 3, rounds: 41, batchMs: 3 }
  : { warmupRounds: 10, rounds: 101, batchMs: 8 }

type StackName = 'bare' | 'middy' | 'proxy' | 'floor'

const stackLabels: Record<StackName, string> = {
  bare: 'bare Middy',
  middy: 'Middy HTTP stack',
  proxy: 'proxyResponse()',
  floor: 'JSON.stringify alone',
}

const jsonSerializer = {
  serializers: [
    { regex: /^application\/json$/, serializer: ({ body }: { body?: unknown }) => JSON.stringify(body) },
  ],
  defaultContentType: 'application/json',
}

// Middy types its handlers with a third argument (the abort signal options) that no caller here passes;
// a cast rather than a wrapper, so that the timed call is Middy's own function and nothing more.
const asHandler = (middyfied: unknown): Handler => middyfied as Handler

const stacks = {
  bare: (handler: Handler): Handler => asHandler(middy(handler)),
  // http-error-handler is used first so that its onError runs last, as Middy's documentation orders it.
  middy: (handler: Handler): Handler =>
    asHandler(
      middy(handler)
        .use(httpErrorHandler({ logger: false }))
        .use(httpResponseSerializer(jsonSerializer)),
    ),
  proxy: (handler: Handler): Handler => asHandler(middy(handler).use(proxyResponse({ logger: false }))),
}

type Cell = {
  shape: Shape
  stack: StackName
  invoke: Handler
  batch: number
  samples: number[]
}

const cellsOf = (shape: Shape): Cell[] => {
  const cell = (stack: StackName, invoke: Handler): Cell => ({ shape, stack, invoke, batch: 1, samples: [] })
  const cells = [
    cell('bare', stacks.bare(shape.proxyHandler)),
    cell('middy', stacks.middy(shape.middyHandler)),
    cell('proxy', stacks.proxy(shape.proxyHandler)),
  ]
  // The floor of any JSON response: one serialization of the payload, with no Middy at all.
  const payload = shape.payload
  if (payload !== undefined) {
    cells.push(cell('floor', async () => JSON.stringify(payload)))
  }
  return cells
}

/** Runs `n` invocations back to back and returns the mean ns per invocation. */
const runBatch = async (invoke: Handler, n: number): Promise<number> => {
  const start = process.hrtime.bigint()
  for (let i = 0; i < n; i++) {
    try {
      await invoke(restEvent, lambdaContext)
    } catch {
      // The bare stack rejects on the thrown-error shape: that rejection is its invocation.
    }
  }
  return Number(process.hrtime.bigint() - start) / n
}

/** Doubles the batch until it lasts `batchMs`, so that cheap and costly cells are timed alike. */
const calibrate = async (cell: Cell): Promise<void> => {
  let n = 1
  for (;;) {
    const ns = await runBatch(cell.invoke, n)
    if (ns * n >= settings.batchMs * 1e6 || n >= 1 << 20) {
      cell.batch = Math.max(1, Math.round((settings.batchMs * 1e6) / ns))
      return
    }
    n *= 2
  }
}

const rotate = <T>(items: readonly T[], by: number): T[] => {
  const k = by % items.length
  return [...items.slice(k), ...items.slice(0, k)]
}

const runRounds = async (cells: readonly Cell[], rounds: number, record: boolean): Promise<void> => {
  const byShape = shapes.map((shape) => cells.filter((cell) => cell.shape === shape))
  for (let round = 0; round < rounds; round++) {
    for (const group of rotate(byShape, round)) {
      for (const cell of rotate(group, round)) {
        const ns = await runBatch(cell.invoke, cell.batch)
        if (record) cell.samples.push(ns)
      }
    }
  }
}

/** Fails the run (not a target) when a stack does not produce the response its shape asks for. */
const verify = async (cells: readonly Cell[]): Promise<void> => {
  const broken: string[] = []
  for (const cell of cells) {
    if (cell.stack === 'floor') continue
    let result: unknown
    try {
      result = await cell.invoke(restEvent, lambdaContext)
    } catch (error) {
      // Bare Middy has nothing to turn a throw into a response; every other stack must answer.
      if (cell.stack === 'bare' && cell.shape.name === 'error') continue
      broken.push(`${cell.stack} / ${cell.shape.name}: threw ${String(error)}`)
      continue
    }
    // Bare Middy returns the handler's raw value: only the already-valid shape is a proxy result.
    if (cell.stack === 'bare' && cell.shape.name !== 'valid') continue
    const problems = validateProxyResult(result, 'rest')
    if (problems.length > 0) {
      const list = problems.map((problem) => `${problem.path}: ${problem.code}`).join(', ')
      broken.push(`${cell.stack} / ${cell.shape.name}: not a valid REST proxy result (${list})`)
      continue
    }
    const wrong = cell.shape.check(result as Record<string, unknown>)
    if (wrong !== undefined) broken.push(`${cell.stack} / ${cell.shape.name}: ${wrong}`)
  }
  if (broken.length > 0) {
    throw new Error(`refusing to time broken paths:\n  ${broken.join('\n  ')}`)
  }
}

type StringifyCount = { calls: number; large: number }

/** Issue 17's figures ("Lean core", warm, on Node 24): proxyResponse()/Middy's HTTP stack, at most. */
const TARGETS: Readonly<Record<string, number>> = {
  valid: 1.25,
  'object-1kb': 1,
  error: 1,
  'binary-64kb': 1,
  'json-1mb': 1,
  'headers-30-cookies-5': 2.5,
}

/**
 * Counts JSON.stringify calls during one invocation, and how many of them produced at least half the
 * body: a second one of those would be the result serialized twice (for instance by a size guard).
 */
const countStringify = async (
  invoke: Handler,
  bodyBytes: number,
  event: unknown = restEvent,
): Promise<StringifyCount> => {
  const original = JSON.stringify
  const count = { calls: 0, large: 0 }
  JSON.stringify = ((...args: Parameters<typeof JSON.stringify>) => {
    const out = original(...args)
    count.calls++
    if (typeof out === 'string' && out.length >= bodyBytes / 2) count.large++
    return out
  }) as typeof JSON.stringify
  try {
    await invoke(event, lambdaContext)
  } finally {
    JSON.stringify = original
  }
  return count
}

const today = (): string => new Date().toISOString().slice(0, 10)

/** The median over rounds of `a / b`, both measured in the same round. */
const pairedRatio = (a: Cell, b: Cell): number =>
  median(a.samples.map((ns, i) => ns / (b.samples[i] as number)))

const main = async (): Promise<void> => {
  const started = Date.now()
  if (process.argv.includes('--compression-levels')) {
    console.log(`compression levels${quick ? ' (quick)' : ''}`)
    const cpu = cpus()[0]?.model ?? 'unknown CPU'
    console.log(`node ${process.version} (${process.platform}-${process.arch}), ${cpu}, ${today()}\n`)
    for (const line of compressionLevels(quick)) console.log(line)
    console.log(`\n${((Date.now() - started) / 1000).toFixed(1)} s`)
    return
  }
  const cells = shapes.flatMap(cellsOf)
  const find = (shape: string, stack: StackName): Cell => {
    const cell = cells.find((c) => c.shape.name === shape && c.stack === stack)
    if (!cell) throw new Error(`no cell ${stack} / ${shape}`)
    return cell
  }

  await verify(cells)
  for (const cell of cells) await calibrate(cell)
  await runRounds(cells, settings.warmupRounds, false)
  // Re-size the batches now that the code is optimized: calibration ran on cold code.
  for (const cell of cells) {
    const ns = await runBatch(cell.invoke, cell.batch)
    cell.batch = Math.max(1, Math.round((settings.batchMs * 1e6) / ns))
  }
  await runRounds(cells, settings.rounds, true)
  // After the timing, so that swapping JSON.stringify cannot disturb the optimized code being timed.
  const json1mb = find('json-1mb', 'proxy').shape
  const proxyCount = await countStringify(find('json-1mb', 'proxy').invoke, json1mb.bodyBytes)
  const middyCount = await countStringify(find('json-1mb', 'middy').invoke, json1mb.bodyBytes)
  // The size guard on a result over the limit: it must answer 500 from the one serialization too.
  const huge = jsonPayload(7 * KB * KB)
  const hugeBytes = JSON.stringify(huge).length
  const hugeInvoke = stacks.proxy(async () => huge)
  const hugeResult = (await hugeInvoke(restEvent, lambdaContext)) as Record<string, unknown>
  const hugeCount = await countStringify(hugeInvoke, hugeBytes)
  // The same object compressed to fit, for an HTTP API caller accepting br.
  const brEvent = httpV2Event('br')
  const packed = (await hugeInvoke(brEvent, lambdaContext)) as Record<string, unknown>
  const packedCount = await countStringify(hugeInvoke, hugeBytes, brEvent)
  const compression = await compressionRows(quick)

  const cpu = cpus()[0]?.model ?? 'unknown CPU'
  console.log(`proxyResponse benchmark${quick ? ' (quick)' : ''}: warm invocations through Middy`)
  console.log(`node ${process.version} (${process.platform}-${process.arch}), ${cpu}, ${today()}`)
  console.log(
    `${settings.rounds} rounds of ${settings.batchMs} ms batches per cell, interleaved in rotating order; ` +
      'ns per invocation = median over rounds; ratios = median of per-round ratios; ' +
      '± = half the interquartile range',
  )
  console.log('event: API Gateway REST (fixtures/events/apigw-rest/powertools-ts-no-auth-post.json)\n')

  const rows = shapes.map((shape) => {
    const bare = find(shape.name, 'bare')
    const middyCell = find(shape.name, 'middy')
    const proxy = find(shape.name, 'proxy')
    const noise = Math.max(spread(bare.samples), spread(middyCell.samples), spread(proxy.samples))
    return [
      shape.extra ? `${shape.name} *` : shape.name,
      formatInt(median(bare.samples)),
      formatInt(median(middyCell.samples)),
      formatInt(median(proxy.samples)),
      formatRatio(pairedRatio(proxy, middyCell)),
      formatRatio(pairedRatio(proxy, bare)),
      `±${formatPercent(noise)}`,
    ]
  })
  console.log(
    table(
      [
        'shape (ns/invocation)',
        stackLabels.bare,
        stackLabels.middy,
        stackLabels.proxy,
        'proxy/Middy',
        'proxy/bare',
        'noise',
      ],
      rows,
    ),
  )
  console.log('')
  for (const shape of shapes) console.log(`  ${shape.name.padEnd(22)} ${shape.description}`)
  console.log('  (bare Middy returns the handler value as is; on "error" it rejects, so it is no response)')
  console.log("  * not one of the issue's shapes: shown for diagnosis, judged by no target\n")

  const perKb = (shape: string, stack: StackName): number => {
    const cell = find(shape, stack)
    return median(cell.samples) / (cell.shape.bodyBytes / KB)
  }
  const kbRows = (['bare', 'middy', 'proxy', 'floor'] as const).map((stack) => [
    stackLabels[stack],
    formatInt(perKb('object-1kb', stack)),
    formatInt(perKb('json-1mb', stack)),
  ])
  console.log(table(['ns per KB of JSON body', '1 KB', '1 MB'], kbRows))
  // Against the one serialization every JSON response needs: work that grows faster than the body
  // (a second serialization, quadratic string building) would make the 1 MB ratio the larger one.
  const overFloor = (shape: string, stack: StackName): number =>
    pairedRatio(find(shape, stack), find(shape, 'floor'))
  console.log(
    `× one bare JSON.stringify of the payload: proxyResponse() ${formatRatio(overFloor('object-1kb', 'proxy'))} ` +
      `at 1 KB, ${formatRatio(overFloor('json-1mb', 'proxy'))} at 1 MB; Middy HTTP stack ` +
      `${formatRatio(overFloor('object-1kb', 'middy'))} at 1 KB, ${formatRatio(overFloor('json-1mb', 'middy'))} at 1 MB`,
  )
  console.log(
    `JSON.stringify calls in one 1 MB invocation: proxyResponse() ${proxyCount.calls} ` +
      `(${proxyCount.large} of the body), Middy HTTP stack ${middyCount.calls} (${middyCount.large} of the body)`,
  )
  console.log(
    `size guard: a ${(hugeBytes / KB / KB).toFixed(1)} MB object → statusCode ${String(hugeResult.statusCode)} on REST, ` +
      `JSON.stringify calls ${hugeCount.calls} (${hugeCount.large} of the body); compressed to fit for an HTTP API ` +
      `caller accepting br → statusCode ${String(packed.statusCode)}, JSON.stringify calls ${packedCount.calls} ` +
      `(${packedCount.large} of the body)`,
  )
  const validProxy = find('valid', 'proxy')
  const validBare = find('valid', 'bare')
  const overhead = pairedRatio(validProxy, validBare) - 1
  console.log(
    'overhead over bare Middy on an already-valid result (a figure; no target): ' +
      `${overhead >= 0 ? '+' : ''}${formatPercent(overhead)} ` +
      `(${formatInt(median(validProxy.samples))} vs ${formatInt(median(validBare.samples))} ns)\n`,
  )
  for (const line of compression) console.log(line)
  console.log('')

  console.log(
    `Targets (issue 17)${quick ? ' (a quick run: few, short samples; a missed target is a figure, not a failure)' : ''}`,
  )
  for (const shape of shapes.filter((s) => !s.extra)) {
    const ratio = pairedRatio(find(shape.name, 'proxy'), find(shape.name, 'middy'))
    const target = TARGETS[shape.name] ?? 1
    console.log(
      verdict(
        ratio <= target,
        `${shape.name}: proxyResponse()/Middy HTTP stack = ${formatRatio(ratio)} (target ≤ ${formatRatio(target)}; ` +
          `${formatInt(median(find(shape.name, 'proxy').samples))} vs ` +
          `${formatInt(median(find(shape.name, 'middy').samples))} ns)`,
        quick,
      ),
    )
  }
  const kb1 = perKb('object-1kb', 'proxy')
  const mb1 = perKb('json-1mb', 'proxy')
  const floorKb1 = overFloor('object-1kb', 'proxy')
  const floorMb1 = overFloor('json-1mb', 'proxy')
  console.log(
    verdict(
      floorMb1 <= floorKb1,
      `linear in body size: proxyResponse() ${formatInt(kb1)} ns/KB at 1 KB, ${formatInt(mb1)} ns/KB at 1 MB; ` +
        `${formatRatio(floorKb1)} and ${formatRatio(floorMb1)} × one JSON.stringify of the payload ` +
        '(target: the 1 MB multiple no larger than the 1 KB one)',
      quick,
    ),
  )
  const once =
    proxyCount.large === 1 &&
    hugeCount.large === 1 &&
    hugeResult.statusCode === 500 &&
    packedCount.large === 1 &&
    packed.statusCode === 200
  console.log(
    verdict(
      once,
      `one serialization: ${proxyCount.large} JSON.stringify of the 1 MB body per invocation, ` +
        `${hugeCount.large} for the ${(hugeBytes / KB / KB).toFixed(1)} MB body the size guard turns into ` +
        `${String(hugeResult.statusCode)} on REST, ${packedCount.large} for the same body compressed to fit ` +
        `(${String(packed.statusCode)}) on an HTTP API (target: 1, 1 and 1; a 500, then a 200)`,
      quick,
    ),
  )
  console.log(`\n${((Date.now() - started) / 1000).toFixed(1)} s`)
}

// A missed target is a figure, not a failure: only a broken harness (or middleware path) exits non-zero.
main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
  process.exitCode = 1
})
