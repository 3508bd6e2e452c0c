export { ALB_LIMIT, detectFrontDoor, FRONT_DOORS, LAMBDA_LIMIT } from './doors.js'
export type { VpcLatticeEvent, VpcLatticeEventV2, WebSocketApiEvent } from './event-types.js'
export { ProxyResponseError } from './failure.js'
export { proxyResponse } from './middleware.js'
export { proxyResponseDefaults } from './options.js'
export { ProxyResponseStrictError } from './report.js'
export type {
  AlbMultiValueResult,
  AlbResult,
  CloudFrontHeaders,
  CloudFrontRequestResult,
  CloudFrontResult,
  CloudFrontTrigger,
  ErrorInfo,
  FrontDoor,
  HandlerResult,
  HttpV2Result,
  LatticeResult,
  LogEntry,
  LoggerObject,
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
