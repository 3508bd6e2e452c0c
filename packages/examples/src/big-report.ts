// Compression to fit: a JSON document over Lambda's 6 MB response limit, sent compressed.
//   GET /big-report  with Accept-Encoding: gzip (or br, deflate)  ->  200, the report compressed
//                    without an encoding it accepts               ->  500 {"message":"Internal Server Error"}
// The handler returns a plain object: 7.5 MB of JSON, 9 MB once the result around it is serialized
// (its quotes escaped). That is over the 6,291,556 bytes a Lambda response may have: sent as it is,
// the invocation would fail and API Gateway would answer 502 (or 500).
// proxyResponse() (option `compress`, on by default) compresses a result that would not fit, when the
// caller accepts an encoding (br, gzip or deflate, by its Accept-Encoding q-values) and the front door
// decodes base64 for it (HTTP APIs, function URLs, ALBs, VPC Lattice; a REST API only when its
// `binaryMediaTypes` matches the request's first Accept type). The body goes out base64 with
// `isBase64Encoded: true`, `Content-Encoding` and `Vary: Accept-Encoding`; the front door passes the
// compressed bytes on and the client (curl --compressed, a browser, fetch) inflates them. This report
// compresses about 8×: 0.9 MB gzipped, 1.2 MB in base64. A caller that accepts no encoding gets a 500
// `{"message":"Internal Server Error"}` rather than a 502, and the sizes are logged.
// Compressed, it must still fit: at most 4.7 MB of compressed bytes (6 MB in base64), some 39 MB of
// JSON like this one. Past that, page it, or put it in S3 and redirect to a presigned URL.
import middy from '@middy/core'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { proxyResponse } from 'middy-proxy-response'

export type ReportRow = {
  id: number
  date: string
  region: string
  item: string
  qty: number
  price: number
  total: number
  status: string
}

export type SalesReport = {
  title: string
  generatedAt: string
  currency: string
  summary: { rows: number; units: number; revenue: number }
  rows: ReportRow[]
}

export const ROWS = 60_000

const regions = ['eu-west', 'eu-central', 'us-east', 'us-west', 'ap-south', 'ap-northeast']
const items = ['Assam', 'Darjeeling', 'Sencha', 'Oolong', 'Earl Grey', 'Rooibos', 'Matcha', 'Chai']
const statuses = ['shipped', 'delivered', 'pending', 'returned']
const DAY = 86_400_000
const START = Date.UTC(2024, 0, 1)

/**
 * The sales report, the same on every call and every instance: 60,000 rows made from their index (no
 * clock, no randomness), so tests can compare bytes.
 */
export const buildReport = (rows = ROWS): SalesReport => {
  let units = 0
  let revenueCents = 0
  const list = Array.from({ length: rows }, (_, i): ReportRow => {
    const n = i + 1
    const qty = 1 + ((n * 7) % 24)
    const priceCents = 250 + ((n * 37) % 1750)
    units += qty
    revenueCents += qty * priceCents
    return {
      id: n,
      date: new Date(START + (n % 366) * DAY).toISOString().slice(0, 10),
      region: regions[n % regions.length] ?? '',
      item: items[(n * 5) % items.length] ?? '',
      qty,
      price: priceCents / 100,
      total: (qty * priceCents) / 100,
      status: statuses[(n * 3) % statuses.length] ?? '',
    }
  })
  return {
    title: 'Tea sales, 2024',
    generatedAt: '2025-01-01T00:00:00.000Z',
    currency: 'EUR',
    summary: { rows, units, revenue: revenueCents / 100 },
    rows: list,
  }
}

// Built once per warm instance (about 0.1 s), on the first request rather than at cold start. Each
// request still serializes and compresses it: about 0.2 s of CPU, which is why template.yaml gives
// this function more memory (Lambda's CPU share grows with it).
let report: SalesReport | undefined
export const salesReport = (): SalesReport => {
  report ??= buildReport()
  return report
}

export const handler = middy(async (_event: APIGatewayProxyEventV2) => salesReport()).use(proxyResponse())
