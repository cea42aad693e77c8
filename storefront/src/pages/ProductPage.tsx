import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { cartApi, catalogApi, must, type Product } from '../api';
import { signIn } from '../auth';
import { Gallery } from '../components/Images';
import { Price } from '../components/Money';
import { ProblemMessage } from '../components/ProblemMessage';
import { useShopper } from '../session';

export function ProductPage() {
  const { params } = useRoute();
  const id = params.id ?? '';
  const shopper = useShopper();
  const [product, setProduct] = useState<Product>();
  const [quantity, setQuantity] = useState(1);
  const [failure, setFailure] = useState<unknown>();
  const [added, setAdded] = useState<string>();

  useEffect(() => {
    must(catalogApi.GET('/api/catalog/products/{id}', { params: { path: { id } } }))
      .then(setProduct)
      .catch(setFailure);
  }, [id]);

  async function addToCart(event: Event) {
    event.preventDefault();
    setFailure(undefined);
    setAdded(undefined);
    try {
      const cart = await must(cartApi.GET('/api/cart'));
      const inCart = cart.lines.find((line) => line.productId === id)?.quantity ?? 0;
      await must(
        cartApi.PUT('/api/cart/items/{productId}', {
          params: { path: { productId: id } },
          body: { quantity: inCart + quantity },
        }),
      );
      setAdded(`${inCart + quantity} in your cart.`);
    } catch (problem) {
      setFailure(problem);
    }
  }

  if (!product) {
    return <ProblemMessage failure={failure} />;
  }
  return (
    <article>
      <h1>{product.name}</h1>
      <Gallery images={product.images} name={product.name} />
      <p>{product.description}</p>
      <p>
        <Price money={product.price} /> · <span class="stock">{product.stock > 0 ? `${product.stock} in stock` : 'Out of stock'}</span>
      </p>
      <p class="sku">SKU {product.sku}</p>
      {shopper ? (
        <form onSubmit={addToCart} class="add">
          <label>
            Quantity
            <input
              type="number"
              name="quantity"
              min="1"
              max="99"
              value={quantity}
              onInput={(event) => setQuantity(Number((event.currentTarget as HTMLInputElement).value))}
            />
          </label>
          <button type="submit" disabled={product.stock === 0}>
            Add to cart
          </button>
        </form>
      ) : (
        <p>
          <button type="button" onClick={() => void signIn()}>
            Sign in to buy
          </button>
        </p>
      )}
      <p role="status">{added && <>{added} <a href="/cart">Go to your cart</a></>}</p>
      <ProblemMessage failure={failure} />
    </article>
  );
}
