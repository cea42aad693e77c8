import createClient, { type Middleware } from 'openapi-fetch';
import { accessToken } from './auth';
import type { paths as AuthPaths } from './generated/auth';
import type { paths as CartPaths, components as CartComponents } from './generated/cart';
import type { paths as CatalogPaths, components as CatalogComponents } from './generated/catalog';
import type { paths as PaymentPaths, components as PaymentComponents } from './generated/payment';

/** The clients of the four services behind the gateway, generated from their OpenAPI documents; same origin. */
const bearer: Middleware = {
  async onRequest({ request }) {
    const token = await accessToken();
    if (token) {
      request.headers.set('Authorization', `Bearer ${token}`);
    }
    return request;
  },
};

export const authApi = createClient<AuthPaths>();
export const catalogApi = createClient<CatalogPaths>();
export const cartApi = createClient<CartPaths>();
export const paymentApi = createClient<PaymentPaths>();
for (const client of [authApi, catalogApi, cartApi, paymentApi]) {
  client.use(bearer);
}

export type Product = CatalogComponents['schemas']['ProductResponse'];
export type ProductImage = CatalogComponents['schemas']['ProductImage'];
export type ProductPage = CatalogComponents['schemas']['ProductPage'];
export type Category = CatalogComponents['schemas']['Category'];
export type Cart = CartComponents['schemas']['CartResponse'];
export type CartLine = CartComponents['schemas']['CartLine'];
export type DeadLetter = CartComponents['schemas']['DeadLetter'];
export type Order = CartComponents['schemas']['OrderResponse'];
export type OrderPage = CartComponents['schemas']['OrderPage'];
export type StateChange = CartComponents['schemas']['StateChange'];
export type Payment = PaymentComponents['schemas']['PaymentView'];
export type Money = CatalogComponents['schemas']['Money'];
export type Problem = CatalogComponents['schemas']['Problem'];

/** An answer of the API that is not a success: its RFC 9457 problem, status and Retry-After. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem>,
    readonly retryAfterSeconds?: number,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }

  /** The problem's message for the field of a form, from {@code errors[]}. */
  fieldError(field: string): string | undefined {
    return this.problem.errors?.find((error) => error.field === field)?.message;
  }
}

/** The data of a successful answer, or an {@link ApiProblem} thrown. */
export async function must<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result;
  try {
    result = await call;
  } catch (failure) {
    throw new ApiProblem(0, { title: 'The shop could not be reached', detail: String(failure) });
  }
  const { data, error, response } = result;
  if (response.ok) {
    return data as T;
  }
  const retryAfter = Number(response.headers.get('Retry-After'));
  const problem = typeof error === 'object' && error !== null ? (error as Partial<Problem>) : {};
  throw new ApiProblem(response.status, problem, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
}

export function formatMoney(money: Money | undefined | null): string {
  if (!money) {
    return '';
  }
  return new Intl.NumberFormat(navigator.language, { style: 'currency', currency: money.currency }).format(
    money.amount / 100,
  );
}
