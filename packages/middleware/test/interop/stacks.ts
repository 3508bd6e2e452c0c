// The Middy majors the middleware claims (`@middy/core >=5 <8`), with the HTTP middlewares that exist
// for both, behind one small structural type so that every interop test runs on each. Where a major's
// middleware behaves differently, the difference is a field of its Stack, and the tests assert it.

import middy7 from '@middy/core'
import middy5 from '@middy/core-v5'
import httpCors7 from '@middy/http-cors'
import httpCors5 from '@middy/http-cors-v5'
import httpErrorHandler7 from '@middy/http-error-handler'
import httpErrorHandler5 from '@middy/http-error-handler-v5'
import httpEventNormalizer7 from '@middy/http-event-normalizer'
import httpEventNormalizer5 from '@middy/http-event-normalizer-v5'
import httpHeaderNormalizer7 from '@middy/http-header-normalizer'
import httpHeaderNormalizer5 from '@middy/http-header-normalizer-v5'
import httpJsonBodyParser7 from '@middy/http-json-body-parser'
import httpJsonBodyParser5 from '@middy/http-json-body-parser-v5'
import httpResponseSerializer7 from '@middy/http-response-serializer'
import httpResponseSerializer5 from '@middy/http-response-serializer-v5'
import httpRouter7 from '@middy/http-router'
import httpRouter5 from '@middy/http-router-v5'
import httpSecurityHeaders7 from '@middy/http-security-headers'
import httpSecurityHeaders5 from '@middy/http-security-headers-v5'
import httpUrlencodeBodyParser7 from '@middy/http-urlencode-body-parser'
import httpUrlencodeBodyParser5 from '@middy/http-urlencode-body-parser-v5'
import validator7 from '@middy/validator'
import { transpileSchema as transpileSchema7 } from '@middy/validator/transpile'
import validator5 from '@middy/validator-v5'
import { transpileSchema as transpileSchema5 } from '@middy/validator-v5/transpile'
import type { Context } from 'aws-lambda'

export type Invoke = (event: unknown, context: Context) => Promise<unknown>
export type Middyfied = Invoke & { use: (middleware: object) => Middyfied }
export type Handler = (event: Record<string, unknown>, context: Context) => unknown
type Options = Record<string, unknown>

export type Stack = {
  name: string
  middy: (handler: Handler) => Middyfied
  httpCors: (options?: Options) => object
  httpErrorHandler: (options?: Options) => object
  httpEventNormalizer: () => object
  httpHeaderNormalizer: (options?: Options) => object
  httpJsonBodyParser: (options?: Options) => object
  httpUrlencodeBodyParser: (options?: Options) => object
  httpResponseSerializer: (options?: Options) => object
  httpRouter: (routes: readonly object[]) => Handler
  httpSecurityHeaders: (options?: Options) => object
  validator: (options?: Options) => object
  transpileSchema: (schema: object) => unknown
  /**
   * http-content-encoding, imported on demand: Middy 7's imports zlib's zstd, which Node 20 lacks, so
   * importing it there fails (see `contentEncodingNeedsNode22`).
   */
  httpContentEncoding: () => Promise<(options?: Options) => object>
  /** Middy 7's http-content-encoding needs Node >= 22 (zstd); its tests live in `*.node22.test.ts`. */
  contentEncodingNeedsNode22: boolean
  /** The status http-json-body-parser gives malformed JSON: 415 in Middy 5, 422 from Middy 6 on. */
  malformedJsonStatus: number
  /**
   * Whether http-json-body-parser takes `disableContentTypeCheck` (Middy 6 on), which parses a body
   * whatever its content type. Middy 5 has no such option and ignores it.
   */
  jsonParserSkipsContentType: boolean
  /** What http-cors adds besides the origin for one allowed origin: Middy 5 sends `Vary: Origin`. */
  corsVary: Record<string, string>
  /**
   * The headers http-security-headers adds by default to a JSON (not HTML) response. Middy 5 sends
   * Content-Security-Policy, Cross-Origin-*-Policy, Permissions-Policy and X-Frame-Options to
   * `text/html` responses only and keeps `preload` in Strict-Transport-Security; Middy 7 sends them to
   * every response and drops `preload`, which the HSTS preload list refuses below a one-year max-age.
   */
  securityHeaders: Record<string, string>
  /** What http-content-encoding adds besides Content-Encoding to a compressed body: Middy 5 no Vary. */
  contentEncodingVary: Record<string, string>
  /**
   * Whether http-content-encoding throws on an object body (one proxyResponse has not serialized yet).
   * Middy 7 leaves anything but a string, Buffer or stream alone; Middy 5 hands it to
   * `Readable.from`, which throws a TypeError that proxyResponse answers as an unexposed 500.
   */
  contentEncodingThrowsOnObjectBody: boolean
}

/** Permissions-Policy denying every feature given, as http-security-headers writes it. */
const denyAll = (features: string[]): string => features.map((feature) => `${feature}=()`).join(', ')

const SECURITY_HEADERS_COMMON = {
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Permitted-Cross-Domain-Policies': 'none',
}

export const STACKS: Stack[] = [
  {
    name: 'Middy 7',
    middy: middy7 as unknown as Stack['middy'],
    httpCors: httpCors7 as unknown as Stack['httpCors'],
    httpErrorHandler: httpErrorHandler7 as unknown as Stack['httpErrorHandler'],
    httpEventNormalizer: httpEventNormalizer7 as unknown as Stack['httpEventNormalizer'],
    httpHeaderNormalizer: httpHeaderNormalizer7 as unknown as Stack['httpHeaderNormalizer'],
    httpJsonBodyParser: httpJsonBodyParser7 as unknown as Stack['httpJsonBodyParser'],
    httpUrlencodeBodyParser: httpUrlencodeBodyParser7 as unknown as Stack['httpUrlencodeBodyParser'],
    httpResponseSerializer: httpResponseSerializer7 as unknown as Stack['httpResponseSerializer'],
    httpRouter: httpRouter7 as unknown as Stack['httpRouter'],
    httpSecurityHeaders: httpSecurityHeaders7 as unknown as Stack['httpSecurityHeaders'],
    validator: validator7 as unknown as Stack['validator'],
    transpileSchema: transpileSchema7,
    httpContentEncoding: async () =>
      (await import('@middy/http-content-encoding')).default as unknown as Awaited<
        ReturnType<Stack['httpContentEncoding']>
      >,
    contentEncodingNeedsNode22: true,
    malformedJsonStatus: 422,
    jsonParserSkipsContentType: true,
    corsVary: {},
    securityHeaders: {
      ...SECURITY_HEADERS_COMMON,
      'Content-Security-Policy':
        "default-src 'report-sample' 'report-sha256'; base-uri 'none'; form-action 'none'; " +
        "frame-ancestors 'none'; report-to default; require-trusted-types-for 'script'; sandbox; " +
        'upgrade-insecure-requests',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Permissions-Policy': denyAll([
        'accelerometer',
        'all-screens-capture',
        'ambient-light-sensor',
        'autoplay',
        'battery',
        'camera',
        'cross-origin-isolated',
        'display-capture',
        'document-domain',
        'encrypted-media',
        'execution-while-not-rendered',
        'execution-while-out-of-viewport',
        'fullscreen',
        'geolocation',
        'gyroscope',
        'keyboard-map',
        'magnetometer',
        'microphone',
        'midi',
        'monetization',
        'navigation-override',
        'payment',
        'picture-in-picture',
        'publickey-credentials-get',
        'screen-wake-lock',
        'sync-xhr',
        'usb',
        'web-share',
        'xr-spatial-tracking',
        'clipboard-read',
        'clipboard-write',
        'gamepad',
        'speaker-selection',
        'conversion-measurement',
        'focus-without-user-activation',
        'hid',
        'idle-detection',
        'interest-cohort',
        'serial',
        'sync-script',
        'trust-token-redemption',
        'window-placement',
        'vertical-scroll',
      ]),
      'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
      'X-Frame-Options': 'DENY',
    },
    contentEncodingVary: { Vary: 'Accept-Encoding' },
    contentEncodingThrowsOnObjectBody: false,
  },
  {
    name: 'Middy 5',
    middy: middy5 as unknown as Stack['middy'],
    httpCors: httpCors5 as unknown as Stack['httpCors'],
    httpErrorHandler: httpErrorHandler5 as unknown as Stack['httpErrorHandler'],
    httpEventNormalizer: httpEventNormalizer5 as unknown as Stack['httpEventNormalizer'],
    httpHeaderNormalizer: httpHeaderNormalizer5 as unknown as Stack['httpHeaderNormalizer'],
    httpJsonBodyParser: httpJsonBodyParser5 as unknown as Stack['httpJsonBodyParser'],
    httpUrlencodeBodyParser: httpUrlencodeBodyParser5 as unknown as Stack['httpUrlencodeBodyParser'],
    httpResponseSerializer: httpResponseSerializer5 as unknown as Stack['httpResponseSerializer'],
    httpRouter: httpRouter5 as unknown as Stack['httpRouter'],
    httpSecurityHeaders: httpSecurityHeaders5 as unknown as Stack['httpSecurityHeaders'],
    validator: validator5 as unknown as Stack['validator'],
    transpileSchema: transpileSchema5,
    httpContentEncoding: async () =>
      (await import('@middy/http-content-encoding-v5')).default as unknown as Awaited<
        ReturnType<Stack['httpContentEncoding']>
      >,
    contentEncodingNeedsNode22: false,
    malformedJsonStatus: 415,
    jsonParserSkipsContentType: false,
    corsVary: { Vary: 'Origin' },
    securityHeaders: {
      ...SECURITY_HEADERS_COMMON,
      'Strict-Transport-Security': 'max-age=15552000; includeSubDomains; preload',
    },
    contentEncodingVary: {},
    contentEncodingThrowsOnObjectBody: true,
  },
]
