import { readdirSync, readFileSync } from 'node:fs'
import middy from '@middy/core'
import type { Context } from 'aws-lambda'
import { type FrontDoor, type LogEntry, type ProxyResponseOptions, proxyResponse } from '../src/index.js'

const eventsDir = new URL('../../../fixtures/events/', import.meta.url)

/** Reads one published sample event from fixtures/events (see fixtures/SOURCES.md). */
export const fixture = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(path, eventsDir), 'utf8')) as Record<string, unknown>

/** Every fixture file, as `kind/name.json`. */
export const allFixtures = (): string[] =>
  readdirSync(eventsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) =>
      readdirSync(new URL(`${dir.name}/`, eventsDir))
        .filter((file) => file.endsWith('.json'))
        .map((file) => `${dir.name}/${file}`),
    )
    .sort()

/** One real event per front door, the base that tests spread their overrides onto. */
export const baseEvents: Record<FrontDoor, string> = {
  rest: 'apigw-rest/powertools-ts-no-auth-post.json',
  'http-v1': 'apigw-http-v1/powertools-py-aws-docs-example-get.json',
  'http-v2': 'apigw-http-v2/powertools-ts-no-auth-post.json',
  'function-url': 'function-url/powertools-ts-get-browser.json',
  alb: 'alb/single-value-powertools-ts-base.json',
  'alb-multi-value': 'alb/multi-value-aws-lambda-go.json',
  'lattice-v1': 'vpc-lattice/v1-powertools-ts-base.json',
  'lattice-v2': 'vpc-lattice/v2-powertools-ts-base.json',
  websocket: 'apigw-websocket/aws-lambda-go-message-default-route.json',
}

export const eventFor = (frontDoor: FrontDoor): Record<string, unknown> => fixture(baseEvents[frontDoor])

/** A Lambda context as the runtime passes it, with enough time left. */
export const context = (awsRequestId = 'c6af9ac6-7b61-11e6-9a41-93e812345678'): Context => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'proxy-response-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:proxy-response-test',
  memoryLimitInMB: '128',
  awsRequestId,
  logGroupName: '/aws/lambda/proxy-response-test',
  logStreamName: '2026/11/25/[$LATEST]abcdef',
  getRemainingTimeInMillis: () => 30_000,
  done: () => {},
  fail: () => {},
  succeed: () => {},
})

/** A logger that keeps what it is told, for assertions. */
export const captureLogs = (): { logger: (entry: LogEntry) => void; entries: LogEntry[] } => {
  const entries: LogEntry[] = []
  return { logger: (entry) => entries.push(entry), entries }
}

/**
 * Invokes `middy(handler).use(proxyResponse(options))` as a user's function runs, with the logger
 * silenced unless the options give one.
 */
export const invoke = async (
  handler: (event: unknown) => unknown,
  event: unknown,
  options: ProxyResponseOptions = {},
): Promise<unknown> => {
  const wrapped = middy(async (e: unknown) => handler(e)).use(proxyResponse({ logger: false, ...options }))
  return wrapped(event, context())
}
