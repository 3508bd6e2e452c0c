export { ALB_LIMIT, detectFrontDoor, FRONT_DOORS, LAMBDA_LIMIT } from './doors.js'
export { ProxyResponseError } from './errors.js'
export type { VpcLatticeEvent, VpcLatticeEventV2, WebSocketApiEvent } from './event-types.js'
export { ProxyResponseStrictError, proxyResponse, proxyResponseDefaults } from './middleware.js'
export type {
  AlbMultiValueResult,
  AlbResult,
  ErrorInfo,
  FrontDoor,
  HandlerResult,
  HttpV2Result,
  LatticeResult,
  LogEntry,
  LooseProxyResult,
  MiddyRequestLike,
  Problem,
  ProxyResponseMiddleware,
  ProxyResponseOptions,
  ProxyResult,
  Repair,
  RestResult,
  ResultOf,
  WebSocketResult,
} from './types.js'

import { proxyResponse } from './middleware.js'
export default proxyResponse
