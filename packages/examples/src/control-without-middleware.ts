// The control: a handler WITHOUT proxyResponse() that returns a malformed result, a body that is an
// object instead of a string. API Gateway answers it with a 502 Bad Gateway ("Malformed Lambda proxy
// response"), and so does the local emulator. Compare with GET /failures/plain-object.
// Do not copy this one.
export const handler = async () => ({ statusCode: 200, body: { not: 'a string' } })
