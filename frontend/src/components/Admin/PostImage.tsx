import { useEffect, useState } from "react";

import { readToken } from "../../lib/auth-storage";
import type { PostStatus } from "../../lib/graphql/posts";

// The media route serves these only with the admin's bearer token (never into a shared cache).
const RESTRICTED: ReadonlySet<PostStatus> = new Set(["HIDDEN", "REMOVED"]);

interface PostImageProps {
  src: string;
  status: PostStatus;
  width: number;
  height: number;
}

/**
 * A post's photo. A hidden or removed post's photos are served only to its author and admins,
 * with the bearer token an <img> cannot send, so those are fetched with it and shown from a
 * blob URL; a published post's photo is a plain (cacheable) <img>.
 */
export function PostImage({ src, status, width, height }: PostImageProps) {
  const restricted = RESTRICTED.has(status);
  const [blobUrl, setBlobUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!restricted) return;
    const controller = new AbortController();
    let objectUrl: string | null = null;
    const token = readToken();
    setFailed(false);
    fetch(src, { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(`media answered ${response.status}`);
        objectUrl = URL.createObjectURL(await response.blob());
        setBlobUrl(objectUrl);
      })
      .catch(() => {
        if (!controller.signal.aborted) setFailed(true);
      });
    return () => {
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
      setBlobUrl(null);
    };
  }, [src, restricted]);

  if (!restricted) return <img src={src} alt="" width={width} height={height} loading="lazy" />;
  if (failed) return <span>Photo unavailable</span>;
  return blobUrl ? <img src={blobUrl} alt="" width={width} height={height} /> : null;
}
