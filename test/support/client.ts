/** A minimal JSON client over a real socket, as a storefront or back office would call Affluence. */
export interface Reply {
  readonly status: number;
  readonly body: any;
}

/** Reads shed by a saturated server (503 overloaded) are retried after Retry-After, as a storefront would. */
const shedRetriesMax = 5;

export function client(baseUrl: string, key: string) {
  const call = async (
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<Reply> => {
    const response = await fetch(baseUrl + path, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : JSON.parse(text) };
  };
  return async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> => {
    for (let attempt = 1; ; attempt++) {
      const reply = await call(method, path, body, headers);
      const shedRead = method === 'GET' && reply.status === 503 && reply.body?.error?.code === 'overloaded';
      if (!shedRead || attempt >= shedRetriesMax) return reply;
      await new Promise((resolve) =>
        setTimeout(resolve, 1000 * Number(reply.body.error.details.retry_after_s)),
      );
    }
  };
}

export type Client = ReturnType<typeof client>;
