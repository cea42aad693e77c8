import { useEffect, useState } from 'preact/hooks';
import { cartApi, must, type Cart, type CartLine } from '../api';
import { Price } from '../components/Money';
import { ProblemMessage } from '../components/ProblemMessage';
import { RequireShopper } from '../components/RequireShopper';

export function CartPage() {
  return (
    <RequireShopper>
      <CartView />
    </RequireShopper>
  );
}

function CartView() {
  const [cart, setCart] = useState<Cart>();
  const [failure, setFailure] = useState<unknown>();

  useEffect(() => {
    must(cartApi.GET('/api/cart')).then(setCart).catch(setFailure);
  }, []);

  async function change(line: CartLine, quantity: number) {
    setFailure(undefined);
    try {
      setCart(
        await must(
          cartApi.PUT('/api/cart/items/{productId}', {
            params: { path: { productId: line.productId } },
            body: { quantity },
          }),
        ),
      );
    } catch (problem) {
      setFailure(problem);
    }
  }

  async function remove(line: CartLine) {
    setFailure(undefined);
    try {
      setCart(
        await must(cartApi.DELETE('/api/cart/items/{productId}', { params: { path: { productId: line.productId } } })),
      );
    } catch (problem) {
      setFailure(problem);
    }
  }

  if (!cart) {
    return <ProblemMessage failure={failure} />;
  }
  return (
    <section>
      <h1>Your cart</h1>
      <ProblemMessage failure={failure} />
      {cart.lines.length === 0 ? (
        <p>
          Your cart is empty. <a href="/">Find something in the catalog</a>
        </p>
      ) : (
        <>
          <table>
            <caption class="visually-hidden">Products in your cart</caption>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Unit price</th>
                <th scope="col">Quantity</th>
                <th scope="col">Line total</th>
                <th scope="col">
                  <span class="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {cart.lines.map((line) => (
                <tr key={line.productId} class={line.available ? '' : 'unavailable'}>
                  <th scope="row">
                    <a href={`/products/${line.productId}`}>{line.name ?? 'A product no longer sold'}</a>
                    {!line.available && <small> (no longer available)</small>}
                    {line.priceChanged && (
                      <small class="changed">
                        {' '}
                        Price changed since you added it (was <Price money={line.priceWhenAdded} />)
                      </small>
                    )}
                  </th>
                  <td>
                    <Price money={line.unitPrice} />
                  </td>
                  <td>
                    <input
                      type="number"
                      min="1"
                      max="99"
                      aria-label={`Quantity of ${line.name ?? 'this product'}`}
                      value={line.quantity}
                      onChange={(event) => void change(line, Number((event.currentTarget as HTMLInputElement).value))}
                    />
                  </td>
                  <td>
                    <Price money={line.lineTotal} />
                  </td>
                  <td>
                    <button type="button" class="secondary" onClick={() => void remove(line)}>
                      Remove <span class="visually-hidden">{line.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3}>
                  Total ({cart.itemCount} {cart.itemCount === 1 ? 'item' : 'items'})
                </th>
                <td class="total">
                  <Price money={cart.total} />
                </td>
                <td />
              </tr>
            </tfoot>
          </table>
          <a href="/checkout" role="button">
            Check out
          </a>
        </>
      )}
    </section>
  );
}
