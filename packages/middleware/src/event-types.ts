// The events of the front doors that `@types/aws-lambda` does not describe (VPC Lattice) or describes
// without what they carry (a WebSocket `$connect` has headers; an authorized connection has its
// authorizer's context): types only, for handlers as much as for tests. Written out in full, importing
// nothing, so that the main entry's declarations need no `@types/aws-lambda` (an optional peer).

/**
 * A VPC Lattice event, structure v1: snake_case keys and no `requestContext`. `@types/aws-lambda` has
 * no VPC Lattice types.
 *
 * @example
 * const handler = async (event: VpcLatticeEvent) => event.raw_path
 */
export type VpcLatticeEvent = {
  raw_path: string
  method: string
  /** One string per header; several values are joined with commas. */
  headers: Record<string, string | undefined>
  query_string_parameters: Record<string, string | undefined>
  body: string
  is_base64_encoded: boolean
}

/**
 * A VPC Lattice event, structure v2 (`version: '2.0'`, `requestContext.serviceNetworkArn`).
 *
 * @example
 * const handler = async (event: VpcLatticeEventV2) => event.requestContext.identity.principal
 */
export type VpcLatticeEventV2 = {
  version: '2.0'
  path: string
  method: string
  /**
   * Every header as a list of values, as AWS documents the v2 structure (the one published sample,
   * older, has plain strings: handlers should accept both).
   */
  headers: Record<string, string[] | string | undefined>
  queryStringParameters: Record<string, string[] | string | undefined>
  body: string
  isBase64Encoded: boolean
  requestContext: {
    serviceNetworkArn: string
    serviceArn: string
    targetGroupArn: string
    /**
     * Who called: `sourceVpcArn` and `type` (`AWS_IAM` when the service network's auth policy
     * checked a signed request, else `NONE`), and for `AWS_IAM` the `principal` (an IAM ARN),
     * `principalOrgID` and `sessionName`; `x509*` fields for a client certificate.
     */
    identity: Record<string, string | undefined>
    region: string
    /** Microseconds since the epoch, as a string. */
    timeEpoch: string
  }
}

/**
 * An API Gateway WebSocket event: `APIGatewayProxyWebsocketEventV2` of `@types/aws-lambda`, with the
 * headers a `$connect` carries, and the caller's `identity` and a Lambda authorizer's context that
 * API Gateway adds to `requestContext`.
 *
 * @example
 * const handler = async (event: WebSocketApiEvent) => event.headers?.['Sec-WebSocket-Protocol']
 */
export type WebSocketApiEvent = {
  requestContext: {
    routeKey: string
    /** Only `MESSAGE` events have one (`@types/aws-lambda` says every event has). */
    messageId: string
    eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT'
    extendedRequestId: string
    requestTime: string
    messageDirection: 'IN'
    stage: string
    connectedAt: number
    requestTimeEpoch: number
    requestId: string
    domainName: string
    connectionId: string
    apiId: string
    disconnectStatusCode?: number
    disconnectReason?: string
    /** The caller: `sourceIp`, and with IAM authorization `accessKey`, `accountId`, `caller`, `userArn`… */
    identity?: Record<string, string | null | undefined>
    /** A Lambda authorizer's `principalId`, `integrationLatency` and context, each value a string. */
    authorizer?: Record<string, string | number | null | undefined>
  }
  body?: string
  isBase64Encoded: boolean
  stageVariables?: Record<string, string | undefined>
  queryStringParameters?: Record<string, string | undefined>
  multiValueQueryStringParameters?: Record<string, string[] | undefined>
  headers?: Record<string, string | undefined>
  multiValueHeaders?: Record<string, string[] | undefined>
}
