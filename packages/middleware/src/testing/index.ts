// `middy-proxy-response/testing`: what unit tests of a handler behind proxyResponse() need. Event
// builders for every front door, a Lambda context, and `invoke`, which calls a handler, checks its
// result against the front door's contract and decodes the body (or, on CloudFront, the request a
// request trigger sent on). No runtime dependency.
import { FRONT_DOORS as doors } from '../index.js'
import type { FrontDoor } from '../types.js'

export { detectFrontDoor } from '../index.js'
export type {
  AlbMultiValueResult,
  AlbResult,
  CloudFrontHeaders,
  CloudFrontRequestResult,
  CloudFrontResult,
  CloudFrontTrigger,
  FrontDoor,
  HttpV2Result,
  LatticeResult,
  Problem,
  ProxyResult,
  RestResult,
  ResultOf,
  WebSocketResult,
} from '../types.js'
export { validateProxyResult } from '../validate.js'
export { type LambdaContextOptions, lambdaContext } from './context.js'
export {
  type AlbEvent,
  type AlbMultiValueEvent,
  type AuthorizerInput,
  type BodyInput,
  type Branded,
  type CloudFrontInput,
  type CloudFrontOriginRequestEvent,
  type CloudFrontOriginResponseEvent,
  type CloudFrontViewerRequestEvent,
  type CloudFrontViewerResponseEvent,
  type EventOf,
  event,
  events,
  type FunctionUrlEvent,
  type FunctionUrlInput,
  type HttpV1Event,
  type HttpV2Event,
  type HttpV2Input,
  type IamAuthorizerInput,
  type InputOf,
  type JwtAuthorizerInput,
  type LambdaAuthorizerInput,
  type LatticeV1Event,
  type LatticeV2Event,
  type LatticeV2Input,
  type RequestInput,
  type RestEvent,
  type RestInput,
  type VpcLatticeEvent,
  type VpcLatticeEventV2,
  type WebSocketApiEvent,
  type WebSocketEvent,
  type WebSocketInput,
} from './events.js'
export {
  type AnyResult,
  type DoorOf,
  InvalidProxyResultError,
  type Invocation,
  type InvokableHandler,
  type InvokeOptions,
  invoke,
  type ResultFor,
} from './invoke.js'

/**
 * Every front door's name (the package's `FRONT_DOORS`, the same array): with `event(door, input)`,
 * the way to run one test through every front door.
 *
 * @example
 * for (const door of FRONT_DOORS) {
 *   const res = await invoke(handler, event(door, { path: '/health' }))
 *   assert.equal(res.statusCode, 200, door)
 * }
 */
export const FRONT_DOORS: readonly FrontDoor[] = doors
