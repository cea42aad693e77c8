import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { catalogApi, must, type Category, type ProductPage } from '../api';
import { Thumbnail } from '../components/Images';
import { Price } from '../components/Money';
import { Pager } from '../components/Pager';
import { ProblemMessage } from '../components/ProblemMessage';

const SORTS: Record<string, string> = {
  'name,asc': 'Name',
  'price,asc': 'Price, lowest first',
  'price,desc': 'Price, highest first',
  'createdAt,desc': 'Newest first',
};
const PAGE_SIZE = 12;

/** The catalog, searchable and filtered; its criteria live in the address, so a search can be shared or reloaded. */
export function CatalogPage() {
  const { query, route } = useLocation();
  const [categories, setCategories] = useState<Category[]>([]);
  const [results, setResults] = useState<ProductPage>();
  const [failure, setFailure] = useState<unknown>();
  const page = Number(query.page ?? '0');

  useEffect(() => {
    must(catalogApi.GET('/api/catalog/categories'))
      .then(setCategories)
      .catch(setFailure);
  }, []);

  useEffect(() => {
    setFailure(undefined);
    must(
      catalogApi.GET('/api/catalog/products', {
        params: {
          query: {
            q: query.q || undefined,
            category: query.category || undefined,
            minPrice: cents(query.minPrice),
            maxPrice: cents(query.maxPrice),
            sort: query.sort || undefined,
            page,
            size: PAGE_SIZE,
          },
        },
      }),
    )
      .then(setResults)
      .catch(setFailure);
  }, [query.q, query.category, query.minPrice, query.maxPrice, query.sort, page]);

  function search(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const next = new URLSearchParams();
    for (const [name, value] of form.entries()) {
      if (String(value).trim() !== '') {
        next.set(name, String(value).trim());
      }
    }
    route(`/?${next}`);
  }

  function goTo(target: number) {
    const next = new URLSearchParams(query);
    next.set('page', String(target));
    route(`/?${next}`);
  }

  return (
    <section>
      <h1>Catalog</h1>
      <form role="search" class="filters" onSubmit={search}>
        <label>
          Search
          <input type="search" name="q" defaultValue={query.q ?? ''} maxLength={100} placeholder="lamp, kettle…" />
        </label>
        <label>
          Category
          <select name="category" value={query.category ?? ''}>
            <option value="">All categories</option>
            {categories.map((category) => (
              <option value={category.slug} key={category.slug}>
                {category.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Lowest price
          <input type="number" name="minPrice" min="0" step="0.01" defaultValue={query.minPrice ?? ''} />
        </label>
        <label>
          Highest price
          <input type="number" name="maxPrice" min="0" step="0.01" defaultValue={query.maxPrice ?? ''} />
        </label>
        <label>
          Sort by
          <select name="sort" value={query.sort ?? 'name,asc'}>
            {Object.entries(SORTS).map(([value, label]) => (
              <option value={value} key={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Search</button>
      </form>
      <ProblemMessage failure={failure} />
      {results && (
        <>
          <p aria-live="polite">
            {results.totalItems === 1 ? '1 product' : `${results.totalItems} products`}
          </p>
          <ul class="products">
            {results.items.map((product) => (
              <li key={product.id}>
                <article>
                  {product.images[0] && <Thumbnail image={product.images[0]} />}
                  <h2>
                    <a href={`/products/${product.id}`}>{product.name}</a>
                  </h2>
                  <p>
                    <Price money={product.price} />
                  </p>
                  <p class="stock">{product.stock > 0 ? `${product.stock} in stock` : 'Out of stock'}</p>
                </article>
              </li>
            ))}
          </ul>
          <Pager page={page} totalPages={results.totalPages} goTo={goTo} previous="Previous page" next="Next page" />
        </>
      )}
    </section>
  );
}

/** A price the shopper typed in the currency's units, as the API's minor units. */
function cents(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') {
    return undefined;
  }
  const amount = Math.round(Number(value) * 100);
  return Number.isFinite(amount) && amount >= 0 ? amount : undefined;
}
