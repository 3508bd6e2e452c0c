export { detectFrontDoor } from './detect.js'
export { ALB_LIMIT, FRONT_DOORS, LAMBDA_LIMIT } from './doors.js'
export { ProxyResponseStrictError, proxyResponse, proxyResponseDefaults } from './middleware.js'
export { ProxyResponseError } from './normalize.js'
export type {
  ErrorInfo,
  FrontDoor,
  LogEntry,
  MiddyRequestLike,
  Problem,
  ProxyResponseMiddleware,
  ProxyResponseOptions,
  ProxyResult,
  Repair,
} from './types.js'
export { validateProxyResult } from './validate.js'

import { proxyResponse } from './middleware.js'
export default proxyResponse
