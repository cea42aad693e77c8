import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { cartApi, must, type OrderPage } from '../api';
import { Price } from '../components/Money';
import { Pager } from '../components/Pager';
import { ProblemMessage } from '../components/ProblemMessage';
import { RequireShopper } from '../components/RequireShopper';

export function OrdersPage() {
  return (
    <RequireShopper>
      <OrderHistory />
    </RequireShopper>
  );
}

function OrderHistory() {
  const { query, route } = useLocation();
  const page = Number(query.page ?? '0');
  const [orders, setOrders] = useState<OrderPage>();
  const [failure, setFailure] = useState<unknown>();

  useEffect(() => {
    must(cartApi.GET('/api/orders', { params: { query: { page, size: 10 } } }))
      .then(setOrders)
      .catch(setFailure);
  }, [page]);

  if (!orders) {
    return <ProblemMessage failure={failure} />;
  }
  return (
    <section>
      <h1>Your orders</h1>
      {orders.items.length === 0 ? (
        <p>You have no orders yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Placed</th>
              <th scope="col">Status</th>
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {orders.items.map((order) => (
              <tr key={order.id}>
                <th scope="row">
                  <a href={`/orders/${order.id}`}>{order.id.slice(0, 8)}</a>
                </th>
                <td>
                  <time dateTime={order.placedAt}>{new Date(order.placedAt).toLocaleString()}</time>
                </td>
                <td>
                  {order.status.toLowerCase().replace('_', ' ')}
                  {order.cancellationReason && ` (${order.cancellationReason.toLowerCase().replaceAll('_', ' ')})`}
                </td>
                <td>
                  <Price money={order.total} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager
        page={page}
        totalPages={orders.totalPages}
        goTo={(target) => route(`/orders?page=${target}`)}
        previous="Newer orders"
        next="Older orders"
      />
      <ProblemMessage failure={failure} />
    </section>
  );
}
