export const ok = async (event) => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, multiValueHeaders: { 'set-cookie': ['a=1; Path=/; HttpOnly', 'b=2; Expires=Wed, 21 Oct 2030 07:28:00 GMT'] }, body: JSON.stringify({ path: event.path ?? event.rawPath, mvh: !!event.multiValueHeaders, v: event.version, ctx: Object.keys(event.requestContext ?? {}) }) })
export const bad = async () => ({ statusCode: 200, body: { not: 'a string' } })
export const bin = async () => ({ statusCode: 200, headers: { 'content-type': 'image/png' }, body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255, 128]).toString('base64'), isBase64Encoded: true })
export const cookies = async (event) => ({ statusCode: 200, cookies: ['a=1; Path=/; HttpOnly', 'b=2; Expires=Wed, 21 Oct 2030 07:28:00 GMT'], body: JSON.stringify(event.cookies ?? null) })
export const thrown = async () => { throw new Error('boom') }
