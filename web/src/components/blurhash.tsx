// Paints a post image's blurhash into a tiny canvas (stretched by CSS) while the image loads.
import { decode } from "blurhash";
import { useEffect, useRef } from "react";

export function Blurhash({ hash }: { hash: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const node = canvas.current;
    const ctx = node?.getContext("2d");
    if (!node || !ctx) return;
    try {
      const pixels = decode(hash, 32, 32);
      const image = ctx.createImageData(32, 32);
      image.data.set(pixels);
      ctx.putImageData(image, 0, 0);
    } catch {
      // an invalid hash just leaves the neutral background
    }
  }, [hash]);
  return (
    <div className="blurhash" aria-hidden="true">
      <canvas ref={canvas} width={32} height={32} />
    </div>
  );
}
