import { validateProxyResult } from 'middy-proxy-response'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { handler } from '../src/control-without-middleware.js'

const Control = suite('control-without-middleware, the malformed result the middleware prevents')

Control('its result breaks the REST API contract: the body is not a string', async () => {
  const result = await handler()
  assert.equal(result, { statusCode: 200, body: { not: 'a string' } })
  const problems = validateProxyResult(result, 'rest')
  assert.ok(problems.length > 0)
  assert.ok(problems.some((problem) => problem.path === 'body'))
})

Control('it is malformed for the payload 2.0 front doors as well', async () => {
  const result = await handler()
  assert.ok(validateProxyResult(result, 'http-v2').some((problem) => problem.path === 'body'))
  assert.ok(validateProxyResult(result, 'function-url').some((problem) => problem.path === 'body'))
})

Control.run()
