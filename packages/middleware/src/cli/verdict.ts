// A verdict: one response, or one invocation, judged for one front door by the testing subpath's
// validator, and what proxyResponse() sends instead.
import { proxyResponse } from '../index.js'
import { explain } from '../testing/explain.js'
import { event, lambdaContext, validateProxyResult } from '../testing/index.js'
import type { FrontDoor, MiddyRequestLike, Problem } from '../types.js'
import type { Run } from './protocol.js'

/** One row of the table and one entry of `--json`'s `results`. */
export type Verdict = {
  source: string
  frontDoor: FrontDoor
  accepted: boolean
  problems: Problem[]
  /** What proxyResponse() sends instead, when the result is not already its own. */
  withProxyResponse?: { accepted: boolean; result: unknown; problems: Problem[] }
  /** What else a person should know about this row (text output only). */
  notes: string[]
}

/** A problem the command finds itself (a throw, a hang), in the words of the sentences module. */
export const commandProblem = (code: string, frontDoor: FrontDoor, value?: unknown): Problem => ({
  code,
  path: '',
  ...explain(code, { path: '', frontDoor, value }),
})

/**
 * The verdict of the front door on a result and the validator's problems. With the event the result
 * answers, CloudFront's read-only headers and a viewer response's status are judged against it too.
 */
export const judge = (
  result: unknown,
  frontDoor: FrontDoor,
  sent?: unknown,
): { accepted: boolean; problems: Problem[] } => {
  const problems = validateProxyResult(result, frontDoor, sent === undefined ? {} : { event: sent })
  return { accepted: problems.length === 0, problems }
}

/**
 * What proxyResponse() sends the front door for a returned value (or a thrown error), run through
 * its phases as Middy runs them, with the event given (else the front door's sample event): no
 * `@middy/core` needed. Answers what it sends, and the event it answered.
 */
export const throughProxyResponse = async (
  frontDoor: FrontDoor,
  outcome: { value: unknown } | { error: unknown },
  sent: unknown = event(frontDoor),
): Promise<{ result: unknown; event: unknown }> => {
  // The middleware may read the event, never change it; a copy keeps the one judged against apart.
  const answered = structuredClone(sent)
  const middleware = proxyResponse({ logger: false })
  const request: MiddyRequestLike = {
    event: answered,
    context: lambdaContext(),
    response: undefined,
    error: undefined,
  }
  middleware.before(request)
  try {
    if ('error' in outcome) throw outcome.error
    request.response = outcome.value
    await middleware.after(request)
  } catch (error) {
    // Middy's rule: a failure clears the response and runs the onError phases.
    request.response = undefined
    request.error = error
    await middleware.onError(request)
  }
  return { result: JSON.parse(JSON.stringify(request.response) ?? 'null'), event: sent }
}

/**
 * The problems of a run that returned nothing a front door could judge, or of the result it returned,
 * judged against the event it was invoked with.
 */
export const judgeRun = (
  run: Run,
  frontDoor: FrontDoor,
  timeoutMs: number,
  sent?: unknown,
): { accepted: boolean; problems: Problem[]; result?: unknown } => {
  switch (run.kind) {
    case 'returned': {
      const result: unknown = JSON.parse(run.json)
      return { ...judge(result, frontDoor, sent), result }
    }
    case 'threw':
      return { accepted: false, problems: [commandProblem('handler-threw', frontDoor, run.error)] }
    case 'unserializable':
      return { accepted: false, problems: [commandProblem('result-unserializable', frontDoor, run.message)] }
    case 'timeout':
      return { accepted: false, problems: [commandProblem('handler-timeout', frontDoor, timeoutMs)] }
    case 'exited':
      return { accepted: false, problems: [commandProblem('handler-exited', frontDoor, run.how)] }
  }
}
