// proxyResponse with @middy/http-content-encoding on the majors whose encoder loads on every supported
// Node (Middy 5). Middy 7's imports zlib's zstd and runs in content-encoding.node22.test.ts.
import { contentEncodingSuites } from './content-encoding.js'
import { STACKS } from './stacks.js'

for (const stack of STACKS.filter((s) => !s.contentEncodingNeedsNode22)) contentEncodingSuites(stack)
