import type { ProductImage } from '../api';

/** The thumbnails are at most this wide (catalog-service's thumbnail width); a narrower image keeps its own size. */
const THUMBNAIL_WIDTH = 400;

/** A product's first image in a list: decorative there, since the product's name follows it. */
export function Thumbnail({ image }: { image: ProductImage }) {
  const width = Math.min(THUMBNAIL_WIDTH, image.width);
  return (
    <img
      src={image.thumbnailUrl}
      alt=""
      width={width}
      height={Math.round((image.height * width) / image.width)}
      loading="lazy"
    />
  );
}

/** A product's images on its page: the first one large, the others as thumbnails that open the full image. */
export function Gallery({ images, name }: { images: ProductImage[]; name: string }) {
  const [main, ...more] = images;
  if (!main) {
    return null;
  }
  return (
    <div class="gallery">
      <img class="main" src={main.url} alt={name} width={main.width} height={main.height} />
      {more.map((image, index) => (
        <a href={image.url} key={image.id}>
          <Thumbnail image={image} />
          <span class="visually-hidden">{`${name}, image ${index + 2}`}</span>
        </a>
      ))}
    </div>
  );
}
