// `middy-proxy-response/testing`: what unit tests of a handler behind proxyResponse() need. Event
// builders for every front door, a Lambda context, and `invoke`, which calls a handler, checks its
// result against the front door's contract and decodes the body. No runtime dependency.
export { detectFrontDoor } from '../index.js'
export type {
  AlbMultiValueResult,
  AlbResult,
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
  type BodyInput,
  type Branded,
  type EventOf,
  event,
  events,
  type FunctionUrlEvent,
  type HttpV1Event,
  type HttpV2Event,
  type HttpV2Input,
  type InputOf,
  type LatticeV1Event,
  type LatticeV2Event,
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
  type DoorOf,
  InvalidProxyResultError,
  type Invocation,
  type InvokableHandler,
  type InvokeOptions,
  invoke,
  type ResultFor,
} from './invoke.js'
