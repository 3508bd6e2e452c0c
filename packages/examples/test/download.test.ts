import { crc32, inflateSync } from 'node:zlib'
import { events, invoke } from 'middy-proxy-response/testing'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { gradientPng, handler } from '../src/download.js'

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
  const header = chunks.get('IHDR') ?? Buffer.alloc(13)
  const width = header.readUInt32BE(0)
  const rows = inflateSync(chunks.get('IDAT') ?? Buffer.alloc(0))
  assert.is(rows.length, header.readUInt32BE(4) * (1 + width * 3))
  const pixel = (x: number, y: number) => [...rows.subarray(y * (1 + width * 3) + 1 + x * 3).subarray(0, 3)]
  return { width, height: header.readUInt32BE(4), pixel }
}

const pngHeaders = {
  'Content-Type': 'image/png',
  'Content-Disposition': 'inline; filename="gradient.png"',
  'Cache-Control': 'public, max-age=86400',
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
  const res = await invoke(handler, events.rest({ path: '/download', headers: { Accept: 'image/png' } }))
  assert.equal(res.result, {
    statusCode: 200,
    headers: pngHeaders,
    multiValueHeaders: {},
    body: gradientPng().toString('base64'),
    isBase64Encoded: true,
  })
  // The exact bytes, which the REST API decodes for a client whose Accept matches binaryMediaTypes.
  assert.equal(res.bytes, gradientPng())
  readPng(res.bytes)
  assert.is(res.headers['content-type'], 'image/png')
})

Download('behind an HTTP API the same bytes go out, without multiValueHeaders', async () => {
  const res = await invoke(handler, events.httpV2({ path: '/download' }))
  assert.equal(res.result, {
    statusCode: 200,
    headers: pngHeaders,
    cookies: [],
    body: gradientPng().toString('base64'),
    isBase64Encoded: true,
  })
  assert.equal(res.bytes, gradientPng())
})

Download('behind a function URL the same bytes go out', async () => {
  const res = await invoke(handler, events.functionUrl())
  assert.equal(res.result, {
    statusCode: 200,
    headers: pngHeaders,
    cookies: [],
    body: gradientPng().toString('base64'),
    isBase64Encoded: true,
  })
  assert.equal(res.bytes, gradientPng())
})

Download.run()
