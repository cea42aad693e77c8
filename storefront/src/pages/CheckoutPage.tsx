import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiProblem, cartApi, must, type Cart } from '../api';
import { Price } from '../components/Money';
import { ProblemMessage } from '../components/ProblemMessage';
import { RequireShopper } from '../components/RequireShopper';

export function CheckoutPage() {
  return (
    <RequireShopper>
      <CheckoutForm />
    </RequireShopper>
  );
}

/** The simulator's test payment methods, as Stripe names them. */
const PAYMENT_METHODS: Record<string, string> = {
  pm_card_visa: 'Visa ending 4242',
  pm_card_mastercard: 'Mastercard ending 4444',
  pm_card_chargeDeclined: 'A card that is declined',
  pm_card_chargeDeclinedInsufficientFunds: 'A card without funds',
};

const FIELDS = ['name', 'line1', 'line2', 'city', 'postalCode', 'country'] as const;
type Field = (typeof FIELDS)[number];

/**
 * The shipping address and the card, then one order. One Idempotency-Key stands for one attempt to buy: a second
 * press of the button, or a retry after the network failed, sends the same key, so the shop makes one order of it.
 * Only an answer that refused the attempt (a mistake in the form, a changed price) starts a new one.
 */
function CheckoutForm() {
  const { route } = useLocation();
  const [cart, setCart] = useState<Cart>();
  const [failure, setFailure] = useState<unknown>();
  const [sending, setSending] = useState(false);
  const attempt = useRef(crypto.randomUUID());
  const inFlight = useRef(false);

  useEffect(() => {
    must(cartApi.GET('/api/cart')).then(setCart).catch(setFailure);
  }, []);

  async function placeOrder(event: Event) {
    event.preventDefault();
    if (inFlight.current || !cart) {
      return; // the first press is being answered; this one would only repeat it
    }
    inFlight.current = true;
    setSending(true);
    setFailure(undefined);
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    try {
      const order = await must(
        cartApi.POST('/api/cart/checkout', {
          params: { header: { 'Idempotency-Key': attempt.current } },
          body: {
            paymentMethod: value('paymentMethod'),
            shippingAddress: {
              name: value('name'),
              line1: value('line1'),
              line2: value('line2') || undefined,
              city: value('city'),
              postalCode: value('postalCode'),
              country: value('country').toUpperCase(),
            },
            expectedTotal: cart.total,
          },
        }),
      );
      route(`/orders/${order.id}`);
    } catch (problem) {
      setFailure(problem);
      if (problem instanceof ApiProblem && refusesTheAttempt(problem)) {
        attempt.current = crypto.randomUUID();
      }
    } finally {
      inFlight.current = false;
      setSending(false);
    }
  }

  const fieldError = (field: Field) =>
    failure instanceof ApiProblem ? failure.fieldError(`shippingAddress.${field}`) : undefined;

  if (!cart) {
    return <ProblemMessage failure={failure} />;
  }
  return (
    <section>
      <h1>Check out</h1>
      <p>
        {cart.itemCount} {cart.itemCount === 1 ? 'item' : 'items'}, <Price money={cart.total} /> in all.{' '}
        <a href="/cart">Change your cart</a>
      </p>
      <form onSubmit={placeOrder} noValidate>
        <fieldset>
          <legend>Shipping address</legend>
          <TextField name="name" label="Full name" autoComplete="name" error={fieldError('name')} required />
          <TextField name="line1" label="Address" autoComplete="address-line1" error={fieldError('line1')} required />
          <TextField
            name="line2"
            label="Address, second line (optional)"
            autoComplete="address-line2"
            error={fieldError('line2')}
          />
          <TextField name="city" label="City" autoComplete="address-level2" error={fieldError('city')} required />
          <TextField
            name="postalCode"
            label="Postal code"
            autoComplete="postal-code"
            error={fieldError('postalCode')}
            required
          />
          <TextField
            name="country"
            label="Country (two letters, e.g. DE)"
            autoComplete="country"
            error={fieldError('country')}
            required
          />
        </fieldset>
        <label>
          Pay with
          <select name="paymentMethod" aria-invalid={failure instanceof ApiProblem && !!failure.fieldError('paymentMethod') ? 'true' : undefined}>
            {Object.entries(PAYMENT_METHODS).map(([value, label]) => (
              <option value={value} key={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <ProblemMessage failure={failure} />
        <button type="submit" aria-busy={sending ? 'true' : undefined} disabled={cart.lines.length === 0}>
          Place order
        </button>
      </form>
    </section>
  );
}

/**
 * Answers after which the same request would be refused again: the attempt is over, the next one is new. A 409 that
 * says the key is in use means the first press is still being worked on: that attempt goes on.
 */
function refusesTheAttempt(problem: ApiProblem): boolean {
  if (problem.problem.type?.endsWith('/idempotency-key-in-use')) {
    return false;
  }
  return problem.status === 400 || problem.status === 409 || problem.status === 422;
}

function TextField(props: {
  name: Field;
  label: string;
  autoComplete: string;
  error: string | undefined;
  required?: boolean;
}) {
  const errorId = `${props.name}-error`;
  return (
    <label>
      {props.label}
      <input
        name={props.name}
        autoComplete={props.autoComplete}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? errorId : undefined}
      />
      {props.error && (
        <small id={errorId} class="field-error">
          {props.error}
        </small>
      )}
    </label>
  );
}
