/** What each page not built yet will offer, shown on its "coming soon" card. */
import type { PageId } from "../lib/navigation";

export interface PlaceholderCopy {
  title: string;
  description: string;
  summary: string;
  features: readonly string[];
}

export const PLACEHOLDERS: Record<Exclude<PageId, "users">, PlaceholderCopy> = {
  feed: {
    title: "Your feed",
    description: "Outfits from people you follow and looks trending in your market.",
    summary: "A feed ranked for you, so the looks you'll love come first.",
    features: [
      "Scroll outfit posts ranked for you, with photos that fade in smoothly",
      "Like, save and comment on looks, and follow the people behind them",
      "Shop the look: tap a tagged piece on a photo to open it",
    ],
  },
  compose: {
    title: "Post an outfit",
    description: "Share what you're wearing and tag the pieces so others can shop them.",
    summary: "Photos, a caption and product tags, published in moments.",
    features: [
      "Pick your photos and write a caption with #hashtags",
      "Tap a photo to tag the product at that spot",
      "Follow your post from processing to published",
    ],
  },
  earnings: {
    title: "Earnings",
    description: "What your posts and links have earned, and where each order came from.",
    summary: "Every commission, from the click that started it to the payout.",
    features: [
      "Earnings over time, split into pending, approved, paid and reversed",
      "Clicks, orders and conversion rate per campaign and per link",
      "Payouts and when they arrive",
    ],
  },
  campaigns: {
    title: "Campaigns",
    description: "Brand campaigns open to creators like you.",
    summary: "Find campaigns that fit your style and apply in a tap.",
    features: [
      "Browse open campaigns with their commission and dates",
      "Apply and follow your application",
      "See how each campaign you joined is performing",
    ],
  },
  links: {
    title: "Shoppable links",
    description: "Links that credit the sales they bring to you.",
    summary: "Make a link for any product, share it anywhere, see what it sells.",
    features: [
      "Make a shoppable link for a product and copy it",
      "See clicks, orders and conversion for each link",
      "Use links in posts, bios and stories",
    ],
  },
  trends: {
    title: "Trending elements",
    description: "The colours, prints and cuts emerging in what shoppers post.",
    summary: "Spot what is taking off, in which market, before it peaks.",
    features: [
      "Elements as cards with growth, distinct authors and a sparkline",
      "Filter by market, kind and time window",
      "Open an element for its history, forecast and example photos; pin it or export CSV",
    ],
  },
  testDrops: {
    title: "Test drops",
    description: "Small batches of new designs, judged by real sales.",
    summary: "Order small, watch the sell-through, re-order what sells.",
    features: [
      "Follow each test batch's sell-through day by day",
      "See which drops earn a re-order",
      "Compare a drop across markets",
    ],
  },
  products: {
    title: "Products",
    description: "Your catalogue, ready to tag in posts and links.",
    summary: "Keep the catalogue creators and shoppers tag up to date.",
    features: [
      "List and search your products",
      "Add a product or import a product feed file",
      "See which posts and links sell each product",
    ],
  },
  brandCampaigns: {
    title: "Campaigns",
    description: "Creator campaigns: budgets, commission rules and applicants.",
    summary: "Run creator campaigns with clear budgets and fair commission.",
    features: [
      "Create a campaign with a budget, commission rule and dates",
      "Review the creators who apply",
      "Track spend against budget",
    ],
  },
  reports: {
    title: "Attribution reports",
    description: "Which creators, posts and campaigns drive sales, at what cost.",
    summary: "Acquisition cost and return on spend, under the attribution model you choose.",
    features: [
      "CAC, ROAS and conversion rate per creator, post and campaign",
      "Switch attribution models and compare them side by side",
      "A creator leaderboard",
    ],
  },
};
