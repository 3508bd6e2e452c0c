// proxyResponse with @middy/http-content-encoding on the majors whose encoder imports zlib's zstd
// (Middy 7): Node >= 22 only. The other majors run in content-encoding.test.ts.
import { contentEncodingSuites } from './content-encoding.js'
import { STACKS } from './stacks.js'

for (const stack of STACKS.filter((s) => s.contentEncodingNeedsNode22)) contentEncodingSuites(stack)
