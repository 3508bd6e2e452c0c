import type { FrontDoor } from 'middy-proxy-response'
import {
  event,
  events,
  InvalidProxyResultError,
  invoke,
  validateProxyResult,
} from 'middy-proxy-response/testing'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { handler } from '../src/control-without-middleware.js'

/** The problems `invoke` finds in the control's result behind a front door (it rejects every time). */
const problemsBehind = async (frontDoor: FrontDoor) => {
  try {
    await invoke(handler, event(frontDoor))
  } catch (error) {
    if (error instanceof InvalidProxyResultError) return error.problems
    throw error
  }
  assert.unreachable(`the control's result passed as a ${frontDoor} result`)
  return []
}

const Control = suite('control-without-middleware, the malformed result the middleware prevents')

Control('its result breaks the REST API contract: the body is not a string', async () => {
  const result = await handler()
  assert.equal(result, { statusCode: 200, body: { not: 'a string' } })
  assert.ok(validateProxyResult(result, 'rest').some((problem) => problem.path === 'body'))
  // invoke refuses it as API Gateway does, naming the problem.
  try {
    await invoke(handler, events.rest({ path: '/control' }))
    assert.unreachable('invoke should reject the control')
  } catch (error) {
    assert.instance(error, InvalidProxyResultError)
    assert.match(String(error), /API Gateway REST API \(rest\)[\s\S]*- body: /)
  }
})

Control('it is malformed for the payload 2.0 front doors as well', async () => {
  for (const frontDoor of ['http-v2', 'function-url'] as const) {
    assert.ok(
      (await problemsBehind(frontDoor)).some((problem) => problem.path === 'body'),
      frontDoor,
    )
  }
})

Control.run()
