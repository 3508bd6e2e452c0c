// Type-level tests of the testing subpath on CloudFront, checked by `pnpm typecheck` (tsc): each
// `@ts-expect-error` fails the check when the line below it stops being an error. Nothing here runs.
import type { CloudFrontRequestResult, CloudFrontResult, ResultOf } from '../../src/index.js'
import { events, type Invocation, invoke } from '../../src/testing/index.js'

declare const handler: (event: unknown) => unknown

// A request trigger answers with a response or sends the request on; a response trigger returns a response.
export const viewerRequest = (): Promise<Invocation<CloudFrontResult | CloudFrontRequestResult>> =>
  invoke(handler, events.cloudFrontViewerRequest())
export const originRequest = (): Promise<Invocation<ResultOf<'cloudfront-origin-request'>>> =>
  invoke(handler, events.cloudFrontOriginRequest())
export const originResponse = (): Promise<Invocation<CloudFrontResult>> =>
  invoke(handler, events.cloudFrontOriginResponse())
export const viewerResponse = (): Promise<Invocation<CloudFrontResult>> =>
  invoke(handler, events.cloudFrontViewerResponse())
export const notARequest = (): Promise<Invocation<CloudFrontRequestResult>> =>
  // @ts-expect-error a response trigger's result is never a request sent on
  invoke(handler, events.cloudFrontViewerResponse())

export const results = async (): Promise<void> => {
  const res = await invoke(handler, events.cloudFrontViewerRequest())
  // @ts-expect-error a CloudFront result has a `status` string, no `statusCode`
  res.result.statusCode
  const status: number = res.statusCode
  if ('status' in res.result) {
    const text: string = res.result.status
    void text
  } else {
    const uri: string = res.result.uri
    void uri
  }
  const request: CloudFrontRequestResult | undefined = res.request
  void [status, request]
}

export const shapes = (): void => {
  const redirect: ResultOf<'cloudfront-viewer-request'> = {
    status: '302',
    headers: { location: [{ key: 'Location', value: '/new' }] },
  }
  // @ts-expect-error CloudFront's status is a string
  const numeric: ResultOf<'cloudfront-viewer-request'> = { status: 302 }
  const sentOn: ResultOf<'cloudfront-origin-request'> = {
    clientIp: '203.0.113.10',
    method: 'GET',
    uri: '/',
    querystring: '',
    headers: {},
  }
  // @ts-expect-error a response trigger returns a response, never a request
  const notOn: ResultOf<'cloudfront-origin-response'> = sentOn
  void [redirect, numeric, notOn]
}

// What each trigger's builder refuses at run time is refused by its type too.
export const inputs = (): void => {
  events.cloudFrontViewerRequest({ method: 'POST', body: { item: 'tea' }, sourceIp: '198.51.100.7' })
  events.cloudFrontOriginRequest({ origin: 's3', body: new Uint8Array([1]) })
  events.cloudFrontOriginResponse({ origin: 's3', response: { status: 404 } })
  events.cloudFrontViewerResponse({ response: { headers: { 'x-frame-options': 'DENY' } } })
  // @ts-expect-error a viewer trigger has no origin
  events.cloudFrontViewerRequest({ origin: 's3' })
  // @ts-expect-error a viewer response has no origin either
  events.cloudFrontViewerResponse({ origin: 'custom' })
  // @ts-expect-error a response trigger sees no request body
  events.cloudFrontOriginResponse({ body: 'x' })
  // @ts-expect-error a request trigger has no response yet
  events.cloudFrontOriginRequest({ response: { status: 200 } })
  // @ts-expect-error CloudFront runs no authorizer
  events.cloudFrontViewerRequest({ authorizer: { iam: {} } })
  // @ts-expect-error only a custom origin or an S3 bucket
  events.cloudFrontOriginRequest({ origin: 'http' })
}
