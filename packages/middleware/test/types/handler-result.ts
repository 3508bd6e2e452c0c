// Type-level tests of HandlerResult, checked by `pnpm typecheck` (tsc): each `@ts-expect-error` fails
// the check when the line below it stops being an error, so the types cannot drift silently.
import type { HandlerResult, LooseProxyResult } from '../../src/index.js'

const accept = (result: HandlerResult): HandlerResult => result

// Results and bodies of every kind are taken.
accept({ statusCode: 201, headers: { Location: '/orders/1' }, body: { id: 1 } })
accept({ order: { id: 1 }, StatusCode: 200 }) // a body: no `body` or `headers` next to the key
accept({ status: 'shipped', body: 'Your order is on its way' }) // `status` is a real body's word too
accept(Buffer.from('x'))
accept(new Response('x'))
accept(new Map([['a', 1]]))
accept('text')
accept(undefined)

// A misspelled result key next to `body` or `headers` is refused.
// @ts-expect-error StatusCode is statusCode misspelled
accept({ StatusCode: 404, body: 'not found' })
// @ts-expect-error status_code is statusCode misspelled
accept({ status_code: 404, headers: { 'x-a': '1' } })
// @ts-expect-error isBase64encoded is isBase64Encoded misspelled
accept({ statusCode: 200, body: 'aGk=', isBase64encoded: true })
// @ts-expect-error Headers is headers misspelled
accept({ statusCode: 200, Headers: { 'x-a': '1' }, body: 'x' })

// @ts-expect-error LooseProxyResult takes no misspelled key either
const loose: LooseProxyResult = { statuscode: 200 }

export { loose }
