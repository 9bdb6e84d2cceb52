import { useEffect, useRef, useState, type FormEvent, type MouseEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useClient, useQuery } from "urql";

import { useViewer } from "../../hooks/useAuth";
import { hashtagsOf } from "../../lib/caption";
import { campaignChoices, type CampaignChoice } from "../../lib/deliverables";
import { MyMembershipsQuery, type Product } from "../../lib/graphql/commerce";
import { describeError } from "../../lib/graphql/errors";
import { CreatePostMutation, PostStatusQuery, type FeedPost } from "../../lib/graphql/posts";
import type { UserError } from "../../lib/graphql/types";
import { frameToImage, imageToFrame, markerStyle, type Point } from "../../lib/hotspots";
import { useElementSize } from "../../hooks/useElementSize";
import { canVisit, PAGES } from "../../lib/navigation";
import { sendMultipart } from "../../lib/upload";
import { postPath } from "../Feed/PostCard";
import { Spinner } from "../Feedback/Spinner";
import { Button } from "../Form/Button";
import { FormAlert, SelectField, TextAreaField } from "../Form/Field";
import { Icon } from "../Icon/Icon";
import styles from "./Composer.module.css";
import { ProductPicker } from "./ProductPicker";

export const MAX_PHOTOS = 10;
const MAX_CAPTION = 2200;
const ACCEPT = "image/jpeg,image/png,image/webp";
const POLL_MS = 1000;

interface Photo {
  key: string;
  file: File;
  url: string;
  width: number;
  height: number;
}

interface Tag extends Point {
  imageIndex: number;
  product: Pick<Product, "id" | "title">;
}

type Phase =
  | { step: "editing" }
  | { step: "sending" }
  | { step: "processing"; post: FeedPost }
  | { step: "published"; post: FeedPost }
  | { step: "rejected"; post: FeedPost };

async function readPhoto(file: File): Promise<Photo> {
  const url = URL.createObjectURL(file);
  const image = new Image();
  image.src = url;
  try {
    await image.decode();
  } catch {
    // Not an image the browser can show; the server will say what is wrong with it.
  }
  return { key: `${file.name}-${file.size}-${file.lastModified}-${Math.random()}`, file, url, width: image.naturalWidth || 1, height: image.naturalHeight || 1 };
}

/** Which photo a server error such as `images.2` is about; null for other fields. */
export function photoIndexOf(field: string | null): number | null {
  const match = field?.match(/(?:^|\.)images\.(\d+)(?:\.|$)/);
  return match ? Number(match[1]) : null;
}

/** The input field a server error is about (`input.caption` → `caption`); null for the whole form. */
export function fieldOf(error: UserError): string | null {
  return error.field?.split(".").pop() ?? null;
}

/** An influencer's running campaigns (approved in), for the "Post for a campaign" select; none for other roles. */
function useCampaignChoices(isInfluencer: boolean): CampaignChoice[] {
  const [{ data }] = useQuery({
    query: MyMembershipsQuery,
    variables: { status: "APPROVED", first: 100 },
    pause: !isInfluencer,
  });
  return campaignChoices(data?.myMemberships.nodes ?? []);
}

export function Composer() {
  const client = useClient();
  const navigate = useNavigate();
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [selected, setSelected] = useState(0);
  const [caption, setCaption] = useState("");
  const [tags, setTags] = useState<Tag[]>([]);
  const [pending, setPending] = useState<Point | null>(null);
  const [phase, setPhase] = useState<Phase>({ step: "editing" });
  const [errors, setErrors] = useState<UserError[]>([]);
  const viewer = useViewer();
  const isInfluencer = viewer.role === "INFLUENCER";
  const [searchParams] = useSearchParams();
  // A campaign's "Post for this campaign" link opens the composer with it picked.
  const [campaignPick, setCampaignPick] = useState(searchParams.get("campaign") ?? "");
  const choices = useCampaignChoices(isInfluencer);
  // Only a campaign still on offer is sent: a stale pick from a link quietly falls back to none.
  const campaign = choices.find((c) => c.id === campaignPick) ?? null;
  const fileInput = useRef<HTMLInputElement>(null);
  const [frameRef, frameSize, frame] = useElementSize<HTMLButtonElement>();
  const photosRef = useRef(photos);
  photosRef.current = photos;

  // Object URLs hold the files in memory until revoked.
  useEffect(() => () => photosRef.current.forEach((p) => URL.revokeObjectURL(p.url)), []);

  // While the photos are processed, ask for the post again every second.
  const processingId = phase.step === "processing" ? phase.post.id : null;
  useEffect(() => {
    if (!processingId) return;
    let stopped = false;
    const timer = window.setInterval(() => {
      void client
        .query(PostStatusQuery, { id: processingId }, { requestPolicy: "network-only" })
        .toPromise()
        .then((result) => {
          const post = result.data?.post;
          if (stopped || !post || post.status === "PROCESSING") return;
          setPhase(post.status === "PUBLISHED" ? { step: "published", post } : { step: "rejected", post });
        });
    }, POLL_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [client, processingId]);

  async function addFiles(files: FileList | null) {
    if (!files || files.length === 0) return;
    const room = MAX_PHOTOS - photos.length;
    const chosen = Array.from(files).slice(0, Math.max(0, room));
    const read = await Promise.all(chosen.map(readPhoto));
    setPhotos((list) => [...list, ...read]);
    setSelected(photos.length);
    setErrors((list) => list.filter((e) => photoIndexOf(e.field) === null && e.field !== "images"));
    if (fileInput.current) fileInput.current.value = "";
  }

  function removePhoto(index: number) {
    const photo = photos[index];
    if (photo) URL.revokeObjectURL(photo.url);
    setPhotos((list) => list.filter((_, i) => i !== index));
    // Tags follow their photo: later photos move up one place.
    setTags((list) =>
      list.filter((t) => t.imageIndex !== index).map((t) => (t.imageIndex > index ? { ...t, imageIndex: t.imageIndex - 1 } : t)),
    );
    setSelected((s) => Math.max(0, Math.min(s, photos.length - 2)));
    setPending(null);
  }

  function placeTag(event: MouseEvent<HTMLButtonElement>) {
    const photo = photos[selected];
    if (!photo || !frame.current) return;
    // A keyboard "click" has no position: tag the middle of the photo.
    if (event.detail === 0) {
      setPending({ x: 0.5, y: 0.5 });
      return;
    }
    setPending(frameToImage(event.clientX, event.clientY, frame.current.getBoundingClientRect(), photo));
  }

  function pickProduct(product: Product) {
    if (!pending) return;
    setTags((list) => [...list, { ...pending, imageIndex: selected, product: { id: product.id, title: product.title } }]);
    setPending(null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (photos.length === 0) {
      setErrors([{ field: "images", code: "REQUIRED", message: "Pick at least one photo of your outfit." }]);
      return;
    }
    setErrors([]);
    setPhase({ step: "sending" });
    const result = await sendMultipart(CreatePostMutation, {
      input: {
        images: photos.map((p) => p.file),
        caption: caption.trim() || null,
        productTags: tags.map((t) => ({ productId: t.product.id, imageIndex: t.imageIndex, x: t.x, y: t.y })),
        campaignId: campaign?.id ?? null,
      },
    });
    const payload = result.data?.createPost;
    if (result.error && !payload) {
      setPhase({ step: "editing" });
      setErrors([{ field: null, code: "REQUEST", message: describeError(result.error).message }]);
      return;
    }
    if (!payload || payload.errors.length > 0 || !payload.post) {
      setPhase({ step: "editing" });
      setErrors(payload?.errors.length ? payload.errors : [{ field: null, code: "UNKNOWN", message: "Your post wasn't created. Try again." }]);
      return;
    }
    const post = payload.post;
    setPhase(post.status === "PUBLISHED" ? { step: "published", post } : post.status === "PROCESSING" ? { step: "processing", post } : { step: "rejected", post });
  }

  if (phase.step === "processing" || phase.step === "published" || phase.step === "rejected") {
    return (
      <PostProgress
        phase={phase}
        cover={photos[0]?.url ?? null}
        campaign={campaign}
        onFeed={canVisit(viewer.role, PAGES.feed.path) ? (post) => navigate(PAGES.feed.path, { state: { justPosted: post } }) : null}
      />
    );
  }

  const photo = photos[selected];
  const photoErrors = errors.filter((e) => e.field === "images" || photoIndexOf(e.field) !== null);
  const captionError = errors.find((e) => fieldOf(e) === "caption")?.message;
  const campaignError = errors.filter((e) => fieldOf(e) === "campaignId").map((e) => e.message).join(" ") || undefined;
  const otherErrors = errors
    .filter((e) => !photoErrors.includes(e) && fieldOf(e) !== "caption" && fieldOf(e) !== "campaignId")
    .map((e) => e.message);
  const hashtags = hashtagsOf(caption);
  const busy = phase.step === "sending";

  return (
    <form className={styles.composer} onSubmit={(e) => void submit(e)} noValidate>
      <section className={styles.panel} aria-labelledby="photos-title">
        <div className={styles.panelHead}>
          <h2 id="photos-title" className={styles.panelTitle}>
            Photos <span className={styles.muted}>{photos.length}/{MAX_PHOTOS}</span>
          </h2>
          <label className={styles.addPhotos} data-disabled={photos.length >= MAX_PHOTOS || undefined}>
            <Icon name="image" size={18} />
            <span>{photos.length ? "Add more" : "Choose photos"}</span>
            <input
              ref={fileInput}
              type="file"
              accept={ACCEPT}
              multiple
              className="visually-hidden"
              aria-label="Choose photos"
              disabled={photos.length >= MAX_PHOTOS || busy}
              onChange={(e) => void addFiles(e.target.files)}
              aria-describedby="photos-hint"
            />
          </label>
        </div>
        <p id="photos-hint" className={styles.muted}>
          Up to {MAX_PHOTOS} JPEG, PNG or WebP photos. Tap a photo to tag the product at that spot.
        </p>
        {photoErrors.length > 0 ? (
          <ul className={styles.photoErrors} role="alert">
            {photoErrors.map((e) => {
              const index = photoIndexOf(e.field);
              return <li key={`${e.field}-${e.code}`}>{index !== null ? `Photo ${index + 1}: ${e.message}` : e.message}</li>;
            })}
          </ul>
        ) : null}
        {photo ? (
          <>
            <div className={styles.stage}>
              <button
                ref={frameRef}
                type="button"
                className={styles.tagFrame}
                style={{ aspectRatio: `${photo.width} / ${photo.height}` }}
                onClick={placeTag}
                aria-label={`Photo ${selected + 1}: tap where a product is to tag it`}
                disabled={busy}
              >
                <img src={photo.url} alt={`Photo ${selected + 1} you picked`} className={styles.tagImage} />
                {tags.map((tag, i) =>
                  tag.imageIndex === selected ? <TagMarker key={i} point={tag} photo={photo} frame={frameSize} label={tag.product.title} /> : null,
                )}
                {pending ? <TagMarker point={pending} photo={photo} frame={frameSize} label="New tag" pending /> : null}
              </button>
              {pending ? (
                <div className={styles.pickerWrap}>
                  <ProductPicker label="Which product is this?" onPick={pickProduct} onCancel={() => setPending(null)} autoFocus />
                </div>
              ) : null}
            </div>
            <ul className={styles.thumbs} aria-label="Your photos">
              {photos.map((p, i) => (
                <li key={p.key} className={styles.thumbItem}>
                  <button
                    type="button"
                    className={`${styles.thumb} ${i === selected ? styles.thumbActive : ""}`}
                    onClick={() => {
                      setSelected(i);
                      setPending(null);
                    }}
                    aria-pressed={i === selected}
                    aria-label={`Show photo ${i + 1}`}
                  >
                    <img src={p.url} alt="" />
                    {photoErrors.some((e) => photoIndexOf(e.field) === i) ? <span className={styles.thumbBad} aria-hidden="true">!</span> : null}
                  </button>
                  <button type="button" className={styles.thumbRemove} onClick={() => removePhoto(i)} aria-label={`Remove photo ${i + 1}`} disabled={busy}>
                    <Icon name="close" size={14} />
                  </button>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <button type="button" className={styles.dropzone} onClick={() => fileInput.current?.click()}>
            <Icon name="upload" size={28} />
            <strong>Pick photos of your outfit</strong>
            <span className={styles.muted}>Good light, full look, one outfit per post.</span>
          </button>
        )}
        {tags.length > 0 ? (
          <div className={styles.tagList}>
            <h3 className={styles.subTitle}>Tagged products</h3>
            <ul>
              {tags.map((tag, i) => (
                <li key={i} className={styles.tagRow}>
                  <Icon name="tag" size={16} />
                  <span className={styles.tagName}>{tag.product.title}</span>
                  <span className={styles.muted}>photo {tag.imageIndex + 1}</span>
                  <button type="button" className={styles.linkButton} onClick={() => setTags((list) => list.filter((_, j) => j !== i))} aria-label={`Remove tag ${tag.product.title}`}>
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      <section className={styles.panel} aria-labelledby="caption-title">
        <h2 id="caption-title" className={styles.panelTitle}>
          Describe your look
        </h2>
        <TextAreaField
          label="Caption"
          hint="Say what you're wearing. Add #hashtags so people find it."
          placeholder="Linen for Sunday brunch #ootd #linen"
          maxLength={MAX_CAPTION}
          value={caption}
          onChange={(e) => setCaption(e.target.value)}
          error={captionError}
          disabled={busy}
        />
        {hashtags.length > 0 ? (
          <ul className={styles.hashtags} aria-label="Hashtags">
            {hashtags.map((tag) => (
              <li key={tag}>#{tag}</li>
            ))}
          </ul>
        ) : null}
        {isInfluencer && (choices.length > 0 || campaignError) ? (
          <SelectField
            label="Post for a campaign"
            hint="Optional. The brand reviews the post; sales through the products you tag count for the campaign."
            value={campaign?.id ?? ""}
            onChange={(e) => {
              setCampaignPick(e.target.value);
              setErrors((list) => list.filter((err) => fieldOf(err) !== "campaignId"));
            }}
            error={campaignError}
            disabled={busy}
          >
            <option value="">No campaign</option>
            {choices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </SelectField>
        ) : null}
        <FormAlert messages={otherErrors} />
        <Button type="submit" block busy={busy} icon={<Icon name="send" size={18} />}>
          {busy ? "Uploading…" : "Share outfit"}
        </Button>
      </section>
    </form>
  );
}

function TagMarker({ point, photo, frame, label, pending = false }: { point: Point; photo: Photo; frame: { width: number; height: number }; label: string; pending?: boolean }) {
  const size = frame.width > 0 ? frame : { width: photo.width, height: photo.height };
  const shown = imageToFrame(point, photo, size);
  if (!shown) return null;
  return (
    <span className={`${styles.marker} ${pending ? styles.markerPending : ""}`} style={markerStyle(shown, size, 28)} aria-hidden="true">
      <Icon name="tag" size={14} />
      <span className={styles.markerLabel}>{label}</span>
    </span>
  );
}

interface PostProgressProps {
  phase: Extract<Phase, { step: "processing" | "published" | "rejected" }>;
  cover: string | null;
  /** The campaign the post was submitted for, if any. */
  campaign: CampaignChoice | null;
  /** Null for roles without a feed (influencers): the post page is where they go. */
  onFeed: ((post: FeedPost) => void) | null;
}

function PostProgress({ phase, cover, campaign, onFeed }: PostProgressProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [phase.step]);
  const { post } = phase;
  return (
    <section className={`${styles.panel} ${styles.progress}`} aria-live="polite">
      {cover ? <img src={cover} alt="" className={styles.progressCover} /> : null}
      <div className={styles.progressBody}>
        <span className={`${styles.statusPill} ${styles[`status_${post.status}`] ?? ""}`} data-status={post.status}>
          {phase.step === "processing" ? <Spinner size={14} label={null} /> : <Icon name={phase.step === "published" ? "check" : "alert"} size={14} />}
          {post.status === "PROCESSING" ? "Processing" : post.status === "PUBLISHED" ? "Published" : post.status.charAt(0) + post.status.slice(1).toLowerCase()}
        </span>
        <h2 ref={heading} tabIndex={-1} className={styles.progressTitle}>
          {phase.step === "processing"
            ? "Getting your photos ready…"
            : phase.step === "published"
              ? "Your outfit is live"
              : "Your photos couldn't be published"}
        </h2>
        <ol className={styles.steps}>
          <li className={styles.stepDone}>
            <Icon name="check" size={16} /> Uploaded {post.imageCount === 1 ? "1 photo" : `${post.imageCount} photos`}
          </li>
          <li className={phase.step === "processing" ? styles.stepActive : phase.step === "published" ? styles.stepDone : styles.stepFailed}>
            {phase.step === "processing" ? <Spinner size={14} label={null} /> : <Icon name={phase.step === "published" ? "check" : "alert"} size={16} />}
            Sized, cleaned of location data and checked
          </li>
          <li className={phase.step === "published" ? styles.stepDone : styles.stepTodo}>
            <Icon name={phase.step === "published" ? "check" : "clock"} size={16} /> In the feed
          </li>
        </ol>
        {phase.step === "rejected" && post.rejectionReason ? <p className={styles.pickerError}>{post.rejectionReason}</p> : null}
        {campaign && phase.step !== "rejected" ? (
          <p className={styles.muted}>
            Submitted for “{campaign.name}”: {phase.step === "published" ? "the brand reviews it next." : "the brand reviews it once it is published."}
          </p>
        ) : null}
        <div className={styles.progressActions}>
          {phase.step === "published" ? (
            onFeed ? (
              <>
                <Button onClick={() => onFeed(post)} icon={<Icon name="home" size={18} />}>
                  See it in your feed
                </Button>
                <Link className={styles.secondaryLink} to={postPath(post.id)}>
                  Open the post
                </Link>
              </>
            ) : (
              <>
                <Link className={styles.primaryLink} to={postPath(post.id)}>
                  Open the post
                </Link>
                {campaign ? (
                  <Link className={styles.secondaryLink} to={PAGES.campaigns.path}>
                    Your campaign posts
                  </Link>
                ) : null}
              </>
            )
          ) : phase.step === "rejected" ? (
            <Link className={styles.secondaryLink} to={PAGES.compose.path} reloadDocument>
              Try other photos
            </Link>
          ) : (
            <p className={styles.muted}>This usually takes a few seconds. You can leave this page; your post keeps going.</p>
          )}
        </div>
      </div>
    </section>
  );
}
