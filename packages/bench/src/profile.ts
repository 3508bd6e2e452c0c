// Runs one (stack, shape) cell of the benchmark in a loop, to be profiled:
//   node scripts/run.mjs --cpu-prof --cpu-prof-dir=.build/prof \
//     src/profile.ts headers-30-cookies-5 [proxy|middy|bare] [seconds]
// then open the .cpuprofile in Chrome DevTools, or list its top functions: node scripts/run.mjs src/top.ts FILE
import middy from '@middy/core'
import httpErrorHandler from '@middy/http-error-handler'
import httpResponseSerializer from '@middy/http-response-serializer'
import { proxyResponse } from 'middy-proxy-response'
import { type Handler, lambdaContext, restEvent, shapes } from './shapes.js'

const [shapeName = 'valid', stack = 'proxy', seconds = '5'] = process.argv.slice(2)
const shape = shapes.find((s) => s.name === shapeName)
if (!shape) throw new Error(`unknown shape ${shapeName}; one of ${shapes.map((s) => s.name).join(', ')}`)

const serializer = {
  serializers: [
    { regex: /^application\/json$/, serializer: ({ body }: { body?: unknown }) => JSON.stringify(body) },
  ],
  defaultContentType: 'application/json',
}
const invoke = (stack === 'middy'
  ? middy(shape.middyHandler)
      .use(httpErrorHandler({ logger: false }))
      .use(httpResponseSerializer(serializer))
  : stack === 'bare'
    ? middy(shape.proxyHandler)
    : middy(shape.proxyHandler).use(proxyResponse({ logger: false }))) as unknown as Handler

const until = Date.now() + Number(seconds) * 1000
let count = 0
while (Date.now() < until) {
  for (let i = 0; i < 100; i++) {
    try {
      await invoke(restEvent, lambdaContext)
    } catch {
      // Bare Middy rejects on the thrown-error shape.
    }
  }
  count += 100
}
console.log(
  `${stack} / ${shapeName}: ${count} invocations, ${((Number(seconds) * 1e9) / count).toFixed(0)} ns each`,
)
