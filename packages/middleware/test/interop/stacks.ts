// The Middy majors the middleware claims (`@middy/core >=5 <8`), with the HTTP middlewares that exist
// for both, behind one small structural type so that every interop test runs on each.

import middy7 from '@middy/core'
import middy5 from '@middy/core-v5'
import httpCors7 from '@middy/http-cors'
import httpCors5 from '@middy/http-cors-v5'
import httpErrorHandler7 from '@middy/http-error-handler'
import httpErrorHandler5 from '@middy/http-error-handler-v5'
import httpJsonBodyParser7 from '@middy/http-json-body-parser'
import httpJsonBodyParser5 from '@middy/http-json-body-parser-v5'
import type { Context } from 'aws-lambda'

export type Invoke = (event: unknown, context: Context) => Promise<unknown>
export type Middyfied = Invoke & { use: (middleware: object) => Middyfied }
export type Handler = (event: Record<string, unknown>, context: Context) => unknown

export type Stack = {
  name: string
  middy: (handler: Handler) => Middyfied
  httpCors: (options?: Record<string, unknown>) => object
  httpErrorHandler: (options?: Record<string, unknown>) => object
  httpJsonBodyParser: (options?: Record<string, unknown>) => object
  /** The status http-json-body-parser gives malformed JSON: 415 in Middy 5, 422 from Middy 6 on. */
  malformedJsonStatus: number
  /** What http-cors adds besides the origin for one allowed origin: Middy 5 sends `Vary: Origin`. */
  corsVary: Record<string, string>
}

export const STACKS: Stack[] = [
  {
    name: 'Middy 7',
    middy: middy7 as unknown as Stack['middy'],
    httpCors: httpCors7 as unknown as Stack['httpCors'],
    httpErrorHandler: httpErrorHandler7 as unknown as Stack['httpErrorHandler'],
    httpJsonBodyParser: httpJsonBodyParser7 as unknown as Stack['httpJsonBodyParser'],
    malformedJsonStatus: 422,
    corsVary: {},
  },
  {
    name: 'Middy 5',
    middy: middy5 as unknown as Stack['middy'],
    httpCors: httpCors5 as unknown as Stack['httpCors'],
    httpErrorHandler: httpErrorHandler5 as unknown as Stack['httpErrorHandler'],
    httpJsonBodyParser: httpJsonBodyParser5 as unknown as Stack['httpJsonBodyParser'],
    malformedJsonStatus: 415,
    corsVary: { Vary: 'Origin' },
  },
]
