import { crc32, inflateSync } from 'node:zlib'
import { type FrontDoor, validateProxyResult } from 'middy-proxy-response'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { gradientPng, handler } from '../src/download.js'
import { captureLogs, context, fixture } from './helpers.js'

type Png = { width: number; height: number; pixel: (x: number, y: number) => number[] }

/** Reads the PNG the example makes: checks the signature and every chunk's CRC, then inflates the pixels. */
const readPng = (bytes: Buffer): Png => {
  assert.equal([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  const chunks = new Map<string, Buffer>()
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at)
    const typeAndData = bytes.subarray(at + 4, at + 8 + length)
    assert.is(bytes.readUInt32BE(at + 8 + length), crc32(typeAndData), 'chunk CRC')
    chunks.set(typeAndData.subarray(0, 4).toString('latin1'), typeAndData.subarray(4))
    at += 12 + length
  }
  assert.equal([...chunks.keys()], ['IHDR', 'IDAT', 'IEND'])
  const header = chunks.get('IHDR') as Buffer
  const width = header.readUInt32BE(0)
  const rows = inflateSync(chunks.get('IDAT') as Buffer)
  assert.is(rows.length, header.readUInt32BE(4) * (1 + width * 3))
  const pixel = (x: number, y: number) => [...rows.subarray(y * (1 + width * 3) + 1 + x * 3).subarray(0, 3)]
  return { width, height: header.readUInt32BE(4), pixel }
}

const pngResult = {
  statusCode: 200,
  headers: {
    'Content-Type': 'image/png',
    'Content-Disposition': 'inline; filename="gradient.png"',
    'Cache-Control': 'public, max-age=86400',
  },
  body: gradientPng().toString('base64'),
  isBase64Encoded: true,
}

const invoke = async (event: unknown, frontDoor: FrontDoor) => {
  const { value } = await captureLogs(() => handler(event, context()))
  assert.equal(validateProxyResult(value, frontDoor), [])
  return value as Record<string, unknown>
}

const Download = suite('download, a binary body returned as a Buffer')

Download('the PNG is well formed: 64×64, red at the left, blue at the right, green at the bottom', () => {
  const png = readPng(gradientPng())
  assert.is(png.width, 64)
  assert.is(png.height, 64)
  assert.equal(png.pixel(0, 0), [255, 0, 0])
  assert.equal(png.pixel(63, 0), [0, 0, 255])
  assert.equal(png.pixel(0, 63), [255, 255, 0])
})

Download('behind a REST API the Buffer goes out base64-encoded with isBase64Encoded', async () => {
  const result = await invoke(fixture('apigw-rest/aws-lambda-developer-guide-get-root'), 'rest')
  assert.equal(result, { ...pngResult, multiValueHeaders: {} })
  readPng(Buffer.from(String(result.body), 'base64'))
})

Download('behind an HTTP API the same bytes go out, without multiValueHeaders', async () => {
  const result = await invoke(fixture('apigw-http-v2/serverless-express-get-users'), 'http-v2')
  assert.equal(result, { ...pngResult, cookies: [] })
})

Download('behind a function URL the same bytes go out', async () => {
  const result = await invoke(fixture('function-url/powertools-ts-get-browser'), 'function-url')
  assert.equal(result, { ...pngResult, cookies: [] })
})

Download.run()
