import middy from '@middy/core'
import type { Context } from 'aws-lambda'
import { type FrontDoor, type LogEntry, type ProxyResponseOptions, proxyResponse } from '../src/index.js'
import {
  type ProxyResponseStreamingOptions,
  proxyResponse as streamingProxyResponse,
} from '../src/streaming.js'
import { allEvents, EVENT_OF, loadEvent, PROXY_EVENT_OF } from './events.js'
import type { ProxyDoor } from './oracle/contract.js'

/** Reads one published sample event from fixtures/events (see fixtures/SOURCES.md). */
export const fixture = loadEvent

/** Every fixture file, as `kind/name.json`. */
export const allFixtures = allEvents

/**
 * One real event per front door of the proxy family, the base that tests spread their overrides onto
 * (see events.ts); `edgeEventFor` gives CloudFront's.
 */
export const baseEvents: Readonly<Record<ProxyDoor, string>> = PROXY_EVENT_OF

export const eventFor = (frontDoor: ProxyDoor): Record<string, unknown> => fixture(baseEvents[frontDoor])

/** The published event of any front door, CloudFront's triggers included. */
export const anyEventFor = (frontDoor: FrontDoor): Record<string, unknown> => fixture(EVENT_OF[frontDoor])

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

/** As {@link invoke}, with the middleware of `middy-proxy-response/streaming`. */
export const invokeStreaming = async (
  handler: (event: unknown) => unknown,
  event: unknown,
  options: ProxyResponseStreamingOptions = {},
): Promise<unknown> => {
  const wrapped = middy(async (e: unknown) => handler(e)).use(
    streamingProxyResponse({ logger: false, ...options }),
  )
  return wrapped(event, context())
}
