// The event builders of `middy-proxy-response/testing` for what a route and an authorizer add to a
// request: path parameters read from a route template, and `requestContext.authorizer` (or `identity`)
// shaped as in the published sample events of each front door that has them.
import { deepStrictEqual } from 'node:assert/strict'
import middy from '@middy/core'
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyWithLambdaAuthorizerEvent,
  LambdaFunctionURLEventWithIAMAuthorizer,
} from 'aws-lambda'
import { type FrontDoor, proxyResponse } from 'middy-proxy-response'
import {
  type AuthorizerInput,
  detectFrontDoor,
  event,
  events,
  FRONT_DOORS,
  invoke,
} from 'middy-proxy-response/testing'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { fixture } from './helpers.js'

const keysOf = (value: unknown): string[] =>
  typeof value === 'object' && value !== null ? Object.keys(value).sort() : []

/** What `fn` throws: its message, or a failure when it does not throw a TypeError. */
const refusal = (fn: () => unknown): string => {
  try {
    fn()
  } catch (error) {
    assert.instance(error, TypeError)
    return (error as TypeError).message
  }
  assert.unreachable('should throw')
  return ''
}

type Sample = { requestContext: Record<string, unknown> & { authorizer?: Record<string, unknown> } }

// ---

const Routes = suite('path parameters from a route template')

Routes('REST and HTTP API 1.0 read them from the path after the resource, as the event carries it', () => {
  for (const build of [events.rest, events.httpV1]) {
    const made = build({ resource: '/orders/{id}/items/{item}', path: '/orders/42/items/green%20tea?x=1' })
    assert.equal(made.pathParameters, { id: '42', item: 'green%20tea' })
    assert.is(made.resource, '/orders/{id}/items/{item}')
    assert.is(made.requestContext.resourcePath, '/orders/{id}/items/{item}')
    assert.is(made.path, '/orders/42/items/green%20tea')
    assert.equal(made.queryStringParameters, { x: '1' })
  }
  // A resource without parameters, or none at all: `pathParameters` is null, as API Gateway sends it.
  assert.is(events.rest({ resource: '/orders', path: '/orders' }).pathParameters, null)
  assert.is(events.rest({ path: '/orders/42' }).pathParameters, null)
})

Routes('a greedy {proxy+} takes the rest of the path, and the bare root is not one of its paths', () => {
  assert.equal(events.rest({ resource: '/files/{proxy+}', path: '/files/a/b/c.txt' }).pathParameters, {
    proxy: 'a/b/c.txt',
  })
  assert.equal(events.rest({ resource: '/{proxy+}', path: '/orders/1' }).pathParameters, {
    proxy: 'orders/1',
  })
  assert.equal(events.httpV2({ routeKey: 'ANY /{proxy+}', path: '/a/b' }).pathParameters, { proxy: 'a/b' })
  assert.match(
    refusal(() => events.rest({ resource: '/{proxy+}', path: '/' })),
    'events.rest(): the path / does not match the resource /{proxy+}.',
  )
})

Routes("HTTP API 2.0 reads them after the routeKey, and takes the route's method", () => {
  const made = events.httpV2({ routeKey: 'DELETE /orders/{id}', path: '/orders/42' })
  assert.equal(made.pathParameters, { id: '42' })
  assert.is(made.requestContext.http.method, 'DELETE')
  assert.is(made.routeKey, 'DELETE /orders/{id}')
  assert.is(made.requestContext.routeKey, 'DELETE /orders/{id}')
  assert.is(
    events.httpV2({ routeKey: 'ANY /orders/{id}', method: 'patch', path: '/orders/1' }).requestContext.http
      .method,
    'PATCH',
  )
  // The stage prefixes rawPath; the route matches the path within the stage.
  const staged = events.httpV2({ routeKey: 'GET /orders/{id}', stage: 'prod', path: '/orders/7' })
  assert.is(staged.rawPath, '/prod/orders/7')
  assert.equal(staged.pathParameters, { id: '7' })
  assert.ok(!('pathParameters' in events.httpV2({ path: '/orders/7' })))
})

Routes('the path is the route filled with the pathParameters when only they are given', () => {
  const rest = events.rest({
    resource: '/orders/{id}/items/{item}',
    pathParameters: { id: '1', item: 'tea' },
  })
  assert.is(rest.path, '/orders/1/items/tea')
  assert.equal(rest.pathParameters, { id: '1', item: 'tea' })
  const v2 = events.httpV2({ routeKey: 'GET /files/{proxy+}', pathParameters: { proxy: 'a/b.txt' } })
  assert.is(v2.rawPath, '/files/a/b.txt')
  // Both given: the pathParameters are taken as they are, to test what a route would never send.
  assert.equal(
    events.rest({ resource: '/orders/{id}', path: '/orders/1', pathParameters: { id: 'x' } }).pathParameters,
    {
      id: 'x',
    },
  )
})

Routes('a path the route does not match, a parameter missing or a method it does not take is refused', () => {
  assert.is(
    refusal(() => events.rest({ resource: '/orders/{id}', path: '/customers/1' })),
    'events.rest(): the path /customers/1 does not match the resource /orders/{id}.',
  )
  assert.is(
    refusal(() => events.httpV1({ resource: '/orders/{id}', path: '/orders/1/items' })),
    'events.httpV1(): the path /orders/1/items does not match the resource /orders/{id}.',
  )
  assert.is(
    refusal(() => events.rest({ resource: '/orders/{id}' })),
    'events.rest(): give the path of a request to the resource /orders/{id}, or its pathParameters.',
  )
  assert.is(
    refusal(() => events.httpV2({ routeKey: 'GET /orders/{id}/{line}', pathParameters: { id: '1' } })),
    'events.httpV2(): pathParameters has no "line" for the route /orders/{id}/{line}.',
  )
  assert.is(
    refusal(() => events.httpV2({ routeKey: 'GET /orders/{id}', method: 'POST', path: '/orders/1' })),
    'events.httpV2(): the method POST does not match the route GET /orders/{id}.',
  )
})

Routes.run()

// ---

const Authorizers = suite('authorizers, shaped as the published sample events')

Authorizers(
  "REST: a Lambda authorizer's principalId, integrationLatency and context, each value a string",
  () => {
    const sample = fixture<Sample>('apigw-rest/powertools-ts-lambda-authorizer-post').requestContext
    const made = events.rest({
      authorizer: {
        lambda: { principalId: 'user-1', context: { tenant: 't-1', admin: true, plan: 3, none: null } },
      },
    })
    const authorizer = made.requestContext.authorizer
    assert.equal(authorizer, {
      tenant: 't-1',
      admin: 'true',
      plan: '3',
      none: null,
      principalId: 'user-1',
      integrationLatency: 0,
    })
    for (const key of keysOf(sample.authorizer)) {
      assert.is(typeof authorizer[key as 'principalId'], typeof sample.authorizer?.[key], key)
    }
    assert.equal(
      keysOf(made.requestContext).filter((key) => !(key in sample)),
      [],
      'keys of the sample',
    )
    assert.is(events.rest({ authorizer: { lambda: {} } }).requestContext.authorizer.principalId, 'test-user')
    // API Gateway answers 500 when an authorizer's context holds an object or a list.
    assert.is(
      refusal(() =>
        events.rest({ authorizer: { lambda: { context: { roles: ['a'] as unknown as string } } } }),
      ),
      "events.rest(): the authorizer's context.roles is an object; API Gateway takes only strings, numbers and booleans there, and answers 500 otherwise.",
    )
  },
)

Authorizers(
  "REST: a JWT is a Cognito user pool authorizer's claims, each a string, the scopes in `scope`",
  () => {
    const made = events.rest({
      authorizer: {
        jwt: {
          claims: { sub: 'user-1', 'cognito:groups': ['admin', 'ops'], exp: 1_700_000_000 },
          scopes: ['orders/read'],
        },
      },
    })
    assert.equal(made.requestContext.authorizer, {
      claims: { sub: 'user-1', 'cognito:groups': '[admin ops]', exp: '1700000000', scope: 'orders/read' },
    })
    // Without claims, those of a token issued now and valid for an hour.
    const { claims } = events.rest({ authorizer: { jwt: {} } }).requestContext.authorizer
    assert.equal(keysOf(claims), ['aud', 'exp', 'iat', 'iss', 'sub'])
    assert.is(Number(claims.exp) - Number(claims.iat), 3600)
    assert.ok(Math.abs(Number(claims.iat) - Date.now() / 1000) < 5)
  },
)

Authorizers("HTTP API 1.0: a JWT authorizer's claims and scopes, the keys of the published sample", () => {
  const sample = fixture<Sample>('apigw-http-v1/powertools-py-aws-docs-example-get').requestContext
  const made = events.httpV1({
    authorizer: { jwt: { claims: { sub: 'user-1' }, scopes: ['read', 'write'] } },
  })
  assert.equal(keysOf(made.requestContext.authorizer), keysOf(sample.authorizer))
  assert.equal(made.requestContext.authorizer, {
    claims: { sub: 'user-1', scope: 'read write' },
    scopes: ['read', 'write'],
  })
  assert.is(events.httpV1({ authorizer: { jwt: {} } }).requestContext.authorizer.scopes, null)
})

Authorizers('HTTP API 2.0: a JWT authorizer under authorizer.jwt, as in the published sample', () => {
  const sample = fixture<Sample>('apigw-http-v2/powertools-py-jwt-authorizer-post').requestContext
  const made = events.httpV2({
    authorizer: { jwt: { claims: { sub: 'user-1', email_verified: true }, scopes: ['scope1'] } },
  })
  const authorizer = made.requestContext.authorizer
  assert.equal(keysOf(authorizer), keysOf(sample.authorizer))
  assert.equal(keysOf(authorizer.jwt), keysOf(sample.authorizer?.jwt))
  assert.equal(authorizer.jwt, {
    claims: { sub: 'user-1', email_verified: 'true', scope: 'scope1' },
    scopes: ['scope1'],
  })
  assert.is(events.httpV2({ authorizer: { jwt: {} } }).requestContext.authorizer.jwt.scopes, null)
})

Authorizers("HTTP API 2.0: a Lambda authorizer's context under authorizer.lambda, as it is", () => {
  const made = events.httpV2({
    authorizer: { lambda: { context: { tenant: 't-1', plan: 3, admin: false } } },
  })
  assert.equal(made.requestContext.authorizer, { lambda: { tenant: 't-1', plan: 3, admin: false } })
  assert.equal(events.httpV2({ authorizer: { lambda: {} } }).requestContext.authorizer, { lambda: {} })
})

Authorizers(
  'HTTP API 2.0 and function URLs: an IAM caller under authorizer.iam, as in the published sample',
  () => {
    const sample = fixture<Sample>('function-url/powertools-ts-iam-auth-post').requestContext
    const iam = { accountId: '111122223333', userArn: 'arn:aws:iam::111122223333:user/ada' }
    for (const made of [
      events.functionUrl({ authorizer: { iam } }),
      events.httpV2({ authorizer: { iam } }),
    ]) {
      const { authorizer } = made.requestContext
      assert.equal(keysOf(authorizer), keysOf(sample.authorizer))
      assert.equal(keysOf(authorizer.iam), keysOf(sample.authorizer?.iam))
      assert.is(authorizer.iam.accountId, '111122223333')
      assert.is(authorizer.iam.userArn, 'arn:aws:iam::111122223333:user/ada')
      assert.is(authorizer.iam.userId, authorizer.iam.callerId)
      assert.is(authorizer.iam.cognitoIdentity, null)
      assert.is(made.requestContext.accountId, '123456789012')
    }
    // Unsigned, a function URL's caller is anonymous (AuthType NONE).
    assert.is(events.functionUrl().requestContext.accountId, 'anonymous')
    assert.is(
      events.functionUrl({ authorizer: { iam: {} } }).requestContext.authorizer.iam.userArn,
      'arn:aws:iam::123456789012:user/test-user',
    )
  },
)

Authorizers(
  'REST, HTTP API 1.0 and WebSocket: an IAM caller in the fields of requestContext.identity',
  () => {
    const iam = {
      accessKey: 'ASIAEXAMPLE',
      accountId: '111122223333',
      callerId: 'AIDAEXAMPLE',
      userArn: 'arn:aws:iam::111122223333:user/ada',
    }
    const expected = {
      accessKey: 'ASIAEXAMPLE',
      accountId: '111122223333',
      caller: 'AIDAEXAMPLE',
      user: 'AIDAEXAMPLE',
      userArn: 'arn:aws:iam::111122223333:user/ada',
      principalOrgId: null,
    }
    for (const made of [events.rest({ authorizer: { iam } }), events.httpV1({ authorizer: { iam } })]) {
      const { identity } = made.requestContext
      for (const [key, value] of Object.entries(expected))
        assert.is(identity[key as keyof typeof identity], value, key)
      assert.is(identity.sourceIp, '203.0.113.10')
      assert.is(identity.cognitoIdentityId, null)
      assert.ok(!('authorizer' in made.requestContext))
    }
    const socket = events.websocket({ eventType: 'CONNECT', authorizer: { iam } })
    assert.equal(socket.requestContext.identity, {
      userAgent: 'curl/8.5.0',
      sourceIp: '203.0.113.10',
      ...expected,
    })
  },
)

Authorizers(
  "WebSocket: a Lambda authorizer's fields, as REST has them, on any event of the connection",
  () => {
    for (const eventType of ['CONNECT', 'MESSAGE', 'DISCONNECT'] as const) {
      const made = events.websocket({
        eventType,
        authorizer: { lambda: { principalId: 'user-1', context: { tenant: 't-1' } } },
      })
      assert.equal(
        made.requestContext.authorizer,
        { tenant: 't-1', principalId: 'user-1', integrationLatency: 0 },
        eventType,
      )
    }
    assert.ok(!('authorizer' in events.websocket().requestContext))
  },
)

Authorizers(
  'VPC Lattice v2: the caller in requestContext.identity, AWS_IAM when a principal is given',
  () => {
    const sample = fixture<Sample>('vpc-lattice/v2-powertools-ts-base').requestContext
    const principal = 'arn:aws:sts::123456789012:assumed-role/orders/session-1'
    const made = events.latticeV2({ identity: { principal, sessionName: 'session-1' } })
    const identity = made.requestContext.identity
    assert.equal(
      keysOf(identity).filter((key) => !(key in (sample.identity as object))),
      [],
    )
    assert.is(identity.type, 'AWS_IAM')
    assert.is(identity.principal, principal)
    assert.match(identity.sourceVpcArn ?? '', /^arn:aws:ec2:[a-z0-9-]+:\d{12}:vpc\/vpc-/)
    assert.equal(keysOf(events.latticeV2().requestContext.identity), ['sourceVpcArn', 'type'])
    assert.is(events.latticeV2().requestContext.identity.type, 'NONE')
    assert.is(
      events.latticeV2({ identity: { type: 'NONE', principal } }).requestContext.identity.type,
      'NONE',
    )
  },
)

Authorizers('a front door takes the authorizers it has, and refuses the others, saying what to do', () => {
  const kinds: Record<string, AuthorizerInput> = {
    jwt: { jwt: {} },
    lambda: { lambda: {} },
    iam: { iam: {} },
  }
  const has: Partial<Record<FrontDoor, string[]>> = {
    rest: ['jwt', 'lambda', 'iam'],
    'http-v1': ['jwt', 'lambda', 'iam'],
    'http-v2': ['jwt', 'lambda', 'iam'],
    'function-url': ['iam'],
    websocket: ['lambda', 'iam'],
  }
  for (const door of FRONT_DOORS) {
    for (const [kind, authorizer] of Object.entries(kinds)) {
      const build = () => event(door, { authorizer } as never) as unknown
      if (has[door]?.includes(kind)) {
        const made = build() as {
          requestContext: { authorizer?: unknown; identity?: { accessKey?: unknown } }
        }
        assert.ok(
          made.requestContext.authorizer ?? made.requestContext.identity?.accessKey,
          `${door} ${kind}`,
        )
        assert.is(detectFrontDoor(made), door, `${door} ${kind}`)
      } else {
        assert.match(refusal(build), /^events\.\w+\(\)/, `${door} ${kind}`)
      }
    }
  }
  assert.is(
    refusal(() => events.alb({ authorizer: { iam: {} } } as never)),
    "events.alb() takes no authorizer: an ALB's own authentication arrives as x-amzn-oidc-* headers: give them in headers.",
  )
  assert.is(
    refusal(() => events.latticeV2({ authorizer: { iam: {} } } as never)),
    'events.latticeV2() takes no authorizer: VPC Lattice tells the caller in requestContext.identity: give it as { identity }.',
  )
  assert.is(
    refusal(() => events.cloudFrontViewerRequest({ authorizer: { lambda: {} } } as never)),
    'events.cloudFrontViewerRequest() takes no authorizer: CloudFront runs no authorizer before a Lambda@Edge function, which sees the credentials as the viewer sent them: give them in headers (authorization) or cookies.',
  )
  assert.is(
    refusal(() => events.functionUrl({ authorizer: { jwt: {} } } as never)),
    "events.functionUrl(): the authorizer must be { iam }: a function URL's only authorization is AWS_IAM.",
  )
  assert.is(
    refusal(() => events.websocket({ authorizer: { jwt: {} } } as never)),
    'events.websocket(): the authorizer must be one of { lambda } or { iam }: a WebSocket API has no JWT authorizer.',
  )
  assert.is(
    refusal(() => events.rest({ authorizer: { jwt: {}, iam: {} } } as never)),
    'events.rest(): the authorizer must be one of { jwt }, { lambda } or { iam }.',
  )
  assert.match(
    refusal(() => events.httpV2({ authorizer: 'jwt' } as never)),
    'the authorizer must be one of',
  )
})

Authorizers('an event with an authorizer is still a plain JSON event that its front door is told by', () => {
  const made = [
    events.rest({
      resource: '/orders/{id}',
      path: '/orders/1',
      authorizer: { lambda: { context: { a: 1 } } },
    }),
    events.httpV1({ authorizer: { jwt: { claims: { sub: 'u' } } } }),
    events.httpV2({ routeKey: 'GET /orders/{id}', path: '/orders/1', authorizer: { jwt: {} } }),
    events.functionUrl({ authorizer: { iam: {} } }),
    events.websocket({ eventType: 'CONNECT', authorizer: { iam: {} } }),
    events.latticeV2({ identity: { principal: 'arn:aws:iam::123456789012:role/x' } }),
  ]
  for (const built of made) {
    deepStrictEqual(JSON.parse(JSON.stringify(built)), built)
    assert.ok(detectFrontDoor(built))
  }
})

Authorizers(
  'a handler typed for its authorizer takes the event as it is, and reads what it passed',
  async () => {
    // Each handler is typed as @types/aws-lambda types an event with that authorizer: no cast needed.
    const jwt = middy(async (request: APIGatewayProxyEventV2WithJWTAuthorizer) => ({
      sub: request.requestContext.authorizer.jwt.claims.sub,
      id: request.pathParameters?.id,
    })).use(proxyResponse({ logger: false }))
    const v2 = await invoke(
      jwt,
      events.httpV2({
        routeKey: 'GET /orders/{id}',
        path: '/orders/42',
        authorizer: { jwt: { claims: { sub: 'user-1' } } },
      }),
    )
    assert.equal(v2.json(), { sub: 'user-1', id: '42' })

    const lambda = middy(async (request: APIGatewayProxyWithLambdaAuthorizerEvent<{ tenant: string }>) => ({
      tenant: request.requestContext.authorizer.tenant,
      principal: request.requestContext.authorizer.principalId,
    })).use(proxyResponse({ logger: false }))
    const rest = await invoke(
      lambda,
      events.rest({ authorizer: { lambda: { principalId: 'user-1', context: { tenant: 't-1' } } } }),
    )
    assert.equal(rest.json(), { tenant: 't-1', principal: 'user-1' })

    const iam = middy(
      async (request: LambdaFunctionURLEventWithIAMAuthorizer) =>
        request.requestContext.authorizer.iam.userArn,
    ).use(proxyResponse({ logger: false }))
    const url = await invoke(
      iam,
      events.functionUrl({ authorizer: { iam: { userArn: 'arn:aws:iam::123456789012:user/ada' } } }),
    )
    assert.is(url.text, 'arn:aws:iam::123456789012:user/ada')
  },
)

Authorizers.run()
