import { useEffect, useState } from 'preact/hooks';
import { cartApi, catalogApi, must, paymentApi, type DeadLetter, type Payment, type Product } from '../api';
import { Price } from '../components/Money';
import { ProblemMessage } from '../components/ProblemMessage';
import { RequireShopper } from '../components/RequireShopper';

/** What an administrator does in the shop: products and their stock, refunds, dead letters. */
export function AdminPage() {
  return (
    <RequireShopper admin>
      <h1>Admin</h1>
      <Products />
      <Refunds />
      <DeadLetters />
    </RequireShopper>
  );
}

function Products() {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Product[]>([]);
  const [editing, setEditing] = useState<Product>();
  const [failure, setFailure] = useState<unknown>();

  async function search(event: Event) {
    event.preventDefault();
    setFailure(undefined);
    try {
      const page = await must(catalogApi.GET('/api/catalog/products', { params: { query: { q: query || undefined, size: 20 } } }));
      setFound(page.items);
    } catch (problem) {
      setFailure(problem);
    }
  }

  return (
    <section aria-labelledby="products-heading">
      <h2 id="products-heading">Products</h2>
      <form role="search" onSubmit={search}>
        <label>
          Find a product to edit
          <input type="search" name="q" value={query} onInput={(event) => setQuery((event.currentTarget as HTMLInputElement).value)} />
        </label>
        <button type="submit">Find</button>
      </form>
      <ProblemMessage failure={failure} />
      <ul>
        {found.map((product) => (
          <li key={product.id}>
            <button type="button" class="secondary" onClick={() => setEditing(product)}>
              Edit {product.name}
            </button>{' '}
            <Price money={product.price} />, {product.stock} in stock
          </li>
        ))}
      </ul>
      {editing ? <ProductForm key={editing.id} product={editing} onSaved={setEditing} /> : <ProductForm key="new" onSaved={setEditing} />}
    </section>
  );
}

/**
 * A product's details, saved with If-Match on the version the form was loaded with: when someone else saved the
 * product meanwhile the API answers 412, and the form says so instead of overwriting their change.
 */
function ProductForm({ product, onSaved }: { product?: Product; onSaved: (product: Product) => void }) {
  const [failure, setFailure] = useState<unknown>();
  const [saved, setSaved] = useState<string>();

  async function save(event: Event) {
    event.preventDefault();
    setFailure(undefined);
    setSaved(undefined);
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const body = {
      sku: text('sku'),
      name: text('name'),
      description: text('description'),
      category: text('category'),
      price: { amount: Math.round(Number(text('price')) * 100), currency: product?.price.currency ?? 'EUR' },
      active: form.get('active') === 'on',
    };
    try {
      const result = product
        ? await must(
            catalogApi.PUT('/api/catalog/products/{id}', {
              params: { path: { id: product.id }, header: { 'If-Match': `"${product.version}"` } },
              body,
            }),
          )
        : await must(catalogApi.POST('/api/catalog/products', { body: { ...body, stock: Number(text('stock') || '0') } }));
      setSaved(`Saved ${result.name}.`);
      onSaved(result);
    } catch (problem) {
      setFailure(problem);
    }
  }

  return (
    <form onSubmit={save} aria-label={product ? `Edit ${product.name}` : 'New product'}>
      <fieldset>
        <legend>{product ? `Edit ${product.name}` : 'New product'}</legend>
        <label>
          SKU
          <input name="sku" defaultValue={product?.sku} required />
        </label>
        <label>
          Name
          <input name="name" defaultValue={product?.name} required />
        </label>
        <label>
          Description
          <textarea name="description" defaultValue={product?.description} />
        </label>
        <label>
          Category
          <input name="category" defaultValue={product?.category} required />
        </label>
        <label>
          Price
          <input name="price" type="number" min="0" step="0.01" defaultValue={product ? String(product.price.amount / 100) : ''} required />
        </label>
        {!product && (
          <label>
            Stock
            <input name="stock" type="number" min="0" defaultValue="0" />
          </label>
        )}
        <label>
          <input name="active" type="checkbox" role="switch" defaultChecked={product?.active ?? true} />
          For sale
        </label>
      </fieldset>
      <ProblemMessage failure={failure} />
      <p role="status">{saved}</p>
      <button type="submit">{product ? 'Save changes' : 'Create product'}</button>
      {product && <StockForm product={product} onSaved={onSaved} />}
    </form>
  );
}

function StockForm({ product, onSaved }: { product: Product; onSaved: (product: Product) => void }) {
  const [onHand, setOnHand] = useState(String(product.stock));
  const [failure, setFailure] = useState<unknown>();

  async function save() {
    setFailure(undefined);
    try {
      await must(
        catalogApi.PUT('/api/catalog/products/{id}/stock', {
          params: { path: { id: product.id }, header: { 'If-Match': `"${product.version}"` } },
          body: { onHand: Number(onHand) },
        }),
      );
      onSaved(await must(catalogApi.GET('/api/catalog/products/{id}', { params: { path: { id: product.id } } })));
    } catch (problem) {
      setFailure(problem);
    }
  }

  return (
    <fieldset>
      <legend>Stock of {product.name}</legend>
      <label>
        On hand
        <input type="number" min="0" value={onHand} onInput={(event) => setOnHand((event.currentTarget as HTMLInputElement).value)} />
      </label>
      <button type="button" class="secondary" onClick={() => void save()}>
        Set stock
      </button>
      <ProblemMessage failure={failure} />
    </fieldset>
  );
}

function Refunds() {
  const [orderId, setOrderId] = useState('');
  const [payments, setPayments] = useState<Payment[]>([]);
  const [failure, setFailure] = useState<unknown>();

  async function find(event: Event) {
    event.preventDefault();
    setFailure(undefined);
    try {
      setPayments((await must(paymentApi.GET('/api/payments', { params: { query: { orderId: orderId.trim() } } }))).items);
    } catch (problem) {
      setFailure(problem);
    }
  }

  async function refund(payment: Payment) {
    setFailure(undefined);
    try {
      const refunded = await must(paymentApi.POST('/api/payments/{id}/refund', { params: { path: { id: payment.id } } }));
      setPayments((known) => known.map((each) => (each.id === refunded.id ? refunded : each)));
    } catch (problem) {
      setFailure(problem);
    }
  }

  return (
    <section aria-labelledby="refunds-heading">
      <h2 id="refunds-heading">Refunds</h2>
      <form onSubmit={find}>
        <label>
          Order id
          <input name="orderId" value={orderId} onInput={(event) => setOrderId((event.currentTarget as HTMLInputElement).value)} required />
        </label>
        <button type="submit">Find its payment</button>
      </form>
      <ul>
        {payments.map((payment) => (
          <li key={payment.id} data-payment-status={payment.status}>
            <Price money={payment.amount} />: {payment.status.toLowerCase()}
            {payment.refundPending && ' (refund under way)'}{' '}
            {payment.status === 'SUCCEEDED' && !payment.refundPending && (
              <button type="button" class="secondary" onClick={() => void refund(payment)}>
                Refund in full
              </button>
            )}
          </li>
        ))}
      </ul>
      <ProblemMessage failure={failure} />
    </section>
  );
}

function DeadLetters() {
  const [letters, setLetters] = useState<DeadLetter[]>([]);
  const [failure, setFailure] = useState<unknown>();
  const [replayed, setReplayed] = useState<string>();

  function load() {
    must(cartApi.GET('/api/cart/admin/dead-letters', { params: { query: { page: 0, size: 20 } } }))
      .then((page) => setLetters(page.items))
      .catch(setFailure);
  }
  useEffect(load, []);

  async function replay(letter: DeadLetter) {
    setFailure(undefined);
    try {
      await must(cartApi.POST('/api/cart/admin/dead-letters/{id}/replay', { params: { path: { id: letter.id } } }));
      setReplayed(`Published ${letter.eventType ?? 'the event'} again to ${letter.topic}.`);
      load();
    } catch (problem) {
      setFailure(problem);
    }
  }

  return (
    <section aria-labelledby="dead-letters-heading">
      <h2 id="dead-letters-heading">Dead letters of cart-service</h2>
      {letters.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul>
          {letters.map((letter) => (
            <li key={letter.id}>
              {letter.eventType} on {letter.topic} about {letter.key}: {letter.failure}{' '}
              <button type="button" class="secondary" onClick={() => void replay(letter)}>
                Replay
              </button>
            </li>
          ))}
        </ul>
      )}
      <p role="status">{replayed}</p>
      <ProblemMessage failure={failure} />
    </section>
  );
}
