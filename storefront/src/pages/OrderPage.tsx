import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { ApiProblem, cartApi, must, paymentApi, type Order, type Payment, type StateChange } from '../api';
import { Price } from '../components/Money';
import { ProblemMessage } from '../components/ProblemMessage';
import { RequireShopper } from '../components/RequireShopper';
import { followOrder } from '../orderEvents';

export function OrderPage() {
  return (
    <RequireShopper>
      <OrderView />
    </RequireShopper>
  );
}

const FINAL = new Set(['CONFIRMED', 'REFUNDED', 'CANCELLED']);

const DESCRIPTIONS: Record<string, string> = {
  PENDING: 'Placed: the shop is reserving your items',
  AWAITING_PAYMENT: 'Items reserved: your payment is being taken',
  CONFIRMED: 'Confirmed: paid, and on its way to you',
  REFUNDED: 'Refunded',
  CANCELLED: 'Cancelled',
};

const REASONS: Record<string, string> = {
  OUT_OF_STOCK: 'some items were out of stock',
  PAYMENT_DECLINED: 'your card was declined',
  PAYMENT_FAILED: 'the payment could not be taken',
  CUSTOMER_CANCELLED: 'you cancelled it',
  TIMED_OUT: 'it could not be completed in time',
};

/** One order, its state pushed by the shop as it changes (no reloading), its payment once there is one. */
function OrderView() {
  const { params } = useRoute();
  const id = params.id ?? '';
  const [order, setOrder] = useState<Order>();
  const [history, setHistory] = useState<StateChange[]>([]);
  const [payments, setPayments] = useState<Payment[]>([]);
  const [failure, setFailure] = useState<unknown>();
  const current = history.at(-1);

  useEffect(() => {
    const following = new AbortController();
    must(cartApi.GET('/api/orders/{id}', { params: { path: { id } } }))
      .then((loaded) => {
        setOrder(loaded);
        setHistory(loaded.history);
        return followOrder(
          id,
          (state) =>
            setHistory((known) => (known.length >= state.seq ? known : [...known.slice(0, state.seq - 1), state.change])),
          following.signal,
        );
      })
      .catch(setFailure);
    return () => following.abort();
  }, [id]);

  const ended = current !== undefined && FINAL.has(current.status);
  useEffect(() => {
    if (ended) {
      must(paymentApi.GET('/api/payments', { params: { query: { orderId: id } } }))
        .then((page) => setPayments(page.items))
        .catch((problem) => {
          // an order cancelled before its payment was requested has none
          if (!(problem instanceof ApiProblem && problem.status === 404)) {
            setFailure(problem);
          }
        });
    }
  }, [ended, id]);

  async function cancel() {
    setFailure(undefined);
    try {
      const cancelled = await must(cartApi.POST('/api/orders/{id}/cancel', { params: { path: { id } } }));
      setHistory(cancelled.history);
    } catch (problem) {
      setFailure(problem);
    }
  }

  if (!order) {
    return <ProblemMessage failure={failure} />;
  }
  return (
    <article>
      <h1>Order {order.id.slice(0, 8)}</h1>
      <p class="status" role="status" aria-live="polite" data-status={current?.status}>
        {current && describe(current)}
      </p>
      <ol class="history" aria-label="What happened">
        {history.map((change, index) => (
          <li key={index} data-status={change.status}>
            <time dateTime={change.at}>{new Date(change.at).toLocaleString()}</time> {describe(change)}
          </li>
        ))}
      </ol>
      {current && (current.status === 'PENDING' || current.status === 'AWAITING_PAYMENT') && (
        <button type="button" class="secondary" onClick={() => void cancel()}>
          Cancel this order
        </button>
      )}
      <ProblemMessage failure={failure} />
      <h2>Items</h2>
      <ul>
        {order.lines.map((line) => (
          <li key={line.productId}>
            {line.quantity} × {line.name} at <Price money={line.unitPrice} /> = <Price money={line.lineTotal} />
          </li>
        ))}
      </ul>
      <p>
        Total <strong><Price money={order.total} /></strong>
      </p>
      <h2>Shipping to</h2>
      <address>
        {order.shippingAddress.name}
        <br />
        {order.shippingAddress.line1}
        {order.shippingAddress.line2 && (
          <>
            <br />
            {order.shippingAddress.line2}
          </>
        )}
        <br />
        {order.shippingAddress.postalCode} {order.shippingAddress.city}, {order.shippingAddress.country}
      </address>
      {payments.length > 0 && (
        <>
          <h2>Payment</h2>
          <ul>
            {payments.map((payment) => (
              <li key={payment.id} data-payment-status={payment.status}>
                <Price money={payment.amount} />: {payment.status.toLowerCase().replace('_', ' ')}
                {payment.failureReason && ` (${payment.failureReason.toLowerCase().replace('_', ' ')})`}
                {payment.refundPending && ' (refund under way)'}
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}

function describe(change: StateChange): string {
  const text = DESCRIPTIONS[change.status] ?? change.status;
  return change.reason ? `${text}: ${REASONS[change.reason] ?? change.reason}` : text;
}
