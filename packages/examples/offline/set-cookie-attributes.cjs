// A local serverless plugin that lets serverless-offline 13 send cookies with attributes.
//
// serverless-offline 13 hands each Set-Cookie to hapi as `h.state(name, 'value; Path=/; HttpOnly')`, and
// @hapi/statehood 8.2.1 rejects a ';' in a cookie value (hapijs/statehood#90, serverless-offline#1866):
// every cookie with an attribute turns the response into a 500. The fix (serverless-offline#1885) ships
// in serverless-offline 14 only, which needs serverless 4 and an account. So hapi gets the bare value
// and the attributes are put back on the header it writes. It changes nothing when deployed.
const { createRequire } = require('node:module')

const fromOffline = createRequire(require.resolve('serverless-offline'))
const { Definitions } = createRequire(fromOffline.resolve('@hapi/hapi'))('@hapi/statehood')
const format = Definitions.prototype.format

if (!format.keepsCookieAttributes) {
  const patched = async function (cookies, context) {
    const list = cookies == null ? [] : Array.isArray(cookies) ? cookies : [cookies]
    const attributes = list.map((cookie) => {
      const cut = typeof cookie.value === 'string' ? cookie.value.indexOf(';') : -1
      return cut === -1 ? '' : cookie.value.slice(cut)
    })
    const bare = list.map((cookie, i) =>
      attributes[i] ? { ...cookie, value: cookie.value.slice(0, -attributes[i].length) } : cookie,
    )
    const headers = await format.call(this, bare, context)
    return headers.map((header, i) => header + (attributes[i] ?? ''))
  }
  patched.keepsCookieAttributes = true
  Definitions.prototype.format = patched
}

module.exports = class SetCookieAttributes {
  hooks = {}
}
