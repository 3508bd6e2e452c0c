import { randomBytes, randomUUID } from 'node:crypto'
import type { Context } from 'aws-lambda'

/**
 * Overrides of {@link lambdaContext}: any field of a Lambda `Context`, and the function's timeout,
 * from which `getRemainingTimeInMillis()` counts down.
 *
 * @example
 * const options: LambdaContextOptions = { functionName: 'orders', timeoutInMillis: 3_000 }
 */
export type LambdaContextOptions = Partial<Context> & {
  /** The function's timeout: `getRemainingTimeInMillis()` counts down from it. @default 30000 */
  timeoutInMillis?: number
}

/**
 * A Lambda `Context` as the Node.js runtime passes it: a new `awsRequestId` (a UUID) on every call,
 * names and ARN that agree, and `getRemainingTimeInMillis()` counting down from the timeout in real
 * time (Middy's `timeoutEarlyInMillis` reads it). The deprecated `done`, `fail` and `succeed` do
 * nothing.
 *
 * @example
 * const context = lambdaContext({ functionName: 'orders', timeoutInMillis: 3_000 })
 * await handler(event, context)
 */
export const lambdaContext = (overrides: LambdaContextOptions = {}): Context => {
  const { timeoutInMillis = 30_000, ...fields } = overrides
  const functionName = fields.functionName ?? 'test-function'
  const deadline = Date.now() + timeoutInMillis
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/')
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
    ...fields,
  }
}
