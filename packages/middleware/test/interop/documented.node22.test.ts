// The README's stacks and every order of the common middlewares with Middy 7's http-content-encoding,
// which imports zlib's zstd: Node >= 22 only. The rest runs in documented.test.ts.
import { documentedStackSuites, orderSuites } from './documented.js'
import { STACKS } from './stacks.js'

for (const stack of STACKS.filter((s) => s.contentEncodingNeedsNode22)) {
  documentedStackSuites(stack, (parts) => parts.includes('httpContentEncoding'))
  orderSuites(stack, true)
}
