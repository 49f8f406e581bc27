/** Values that must never show in the apps' logs: the story records each one as it handles it. */
export class Secrets {
  private readonly values = new Set<string>();

  add(...values: string[]): void {
    for (const value of values) if (value.length >= 8) this.values.add(value);
  }

  all(): string[] {
    return [...this.values];
  }

  /** The recorded values found in `text`. */
  foundIn(text: string): string[] {
    return this.all().filter((value) => text.includes(value));
  }
}

export class JourneyHttpError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${path} answered ${status}: ${body.slice(0, 500)}`);
  }
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Accepted statuses (default: any 2xx). */
  expect?: number[];
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  /** The body as received (a PDF stays intact) and as UTF-8 text. */
  bytes: Buffer;
  text: string;
}

/**
 * The story's only way to the platform: fetch against the API's base URL. Passwords it sends and
 * tokens it receives are recorded in `secrets` on the way.
 */
export class JourneyHttp {
  constructor(
    readonly baseUrl: string,
    private readonly secrets: Secrets,
  ) {}

  async json<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
    const answer = await this.send(method, path, options);
    const parsed = answer.text === '' ? undefined : (JSON.parse(answer.text) as unknown);
    this.recordTokens(parsed);
    return parsed as T;
  }

  async send(method: string, path: string, options: CallOptions = {}): Promise<HttpAnswer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const password = (options.body as { password?: unknown } | undefined)?.password;
    if (typeof password === 'string') this.secrets.add(password);
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    const answer = { status: response.status, headers: response.headers, bytes, text: bytes.toString('utf8') };
    const accepted = options.expect ? options.expect.includes(answer.status) : answer.status >= 200 && answer.status < 300;
    if (!accepted) throw new JourneyHttpError(method, path, answer.status, answer.text);
    return answer;
  }

  private recordTokens(body: unknown): void {
    if (!body || typeof body !== 'object') return;
    const { accessToken, refreshToken } = body as { accessToken?: unknown; refreshToken?: unknown };
    for (const token of [accessToken, refreshToken]) if (typeof token === 'string') this.secrets.add(token);
  }
}
