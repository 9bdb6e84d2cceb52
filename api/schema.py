"""The GraphQL schema: the root types only compose each area's classes."""

from __future__ import annotations

import strawberry
from graphql.error import GraphQLError
from strawberry.extensions import MaxTokensLimiter
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from api.accounts.mutations import AccountsMutation
from api.accounts.schema import AccountsQuery
from api.avatars.mutations import AvatarsMutation
from api.campaigns.mutations import CampaignsMutation
from api.campaigns.schema import CampaignsQuery
from api.catalogue.mutations import CatalogueMutation
from api.catalogue.schema import CatalogueQuery
from api.collections.mutations import CollectionsMutation
from api.collections.schema import CollectionsQuery
from api.core.cost_limit import QueryCostLimit
from api.core.errors import ErrorPolicy, answer_busy
from api.core.exposure import exposure_extensions
from api.core.parse_cache import off_loop_parser
from api.core.scalars import SCALARS
from api.core.validation_cache import cached_validation
from api.drops.mutations import DropsMutation
from api.drops.schema import DropsQuery
from api.earnings.mutations import EarningsMutation
from api.earnings.schema import EarningsQuery
from api.explore.schema import ExploreQuery
from api.feeds.mutations import FeedsMutation
from api.feeds.schema import FeedsQuery
from api.links.mutations import LinksMutation
from api.links.schema import LinksQuery
from api.notifications.mutations import NotificationsMutation
from api.notifications.schema import NotificationsQuery
from api.posts.mutations import PostsMutation
from api.posts.schema import PostsQuery
from api.reports.mutations import ReportsMutation
from api.reports.schema import ReportsQuery
from api.rewards.mutations import RewardsMutation
from api.rewards.schema import RewardsQuery
from api.suppliers.mutations import SuppliersMutation
from api.suppliers.schema import SuppliersQuery
from core.settings import Settings


@strawberry.type
class Query(
    AccountsQuery,
    PostsQuery,
    CatalogueQuery,
    LinksQuery,
    CampaignsQuery,
    EarningsQuery,
    ReportsQuery,
    DropsQuery,
    FeedsQuery,
    ExploreQuery,
    NotificationsQuery,
    SuppliersQuery,
    CollectionsQuery,
    RewardsQuery,
):
    pass


@strawberry.type
class Mutation(
    AccountsMutation,
    PostsMutation,
    CatalogueMutation,
    LinksMutation,
    CampaignsMutation,
    EarningsMutation,
    ReportsMutation,
    DropsMutation,
    NotificationsMutation,
    FeedsMutation,
    SuppliersMutation,
    CollectionsMutation,
    AvatarsMutation,
    RewardsMutation,
):
    pass


class Schema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Every operation's errors pass here once, whether they arose while parsing,
        validating or executing: a full pool's refusal among them makes the HTTP answer a 503
        with Retry-After.

        Nothing is logged here. Strawberry would log every error with its traceback, before
        `ErrorPolicy` sorts them: a full pool's BUSY, a user error, a refused token are answers
        to the client, not accidents, and formatting their tracebacks held the event loop when
        a burst was turned away. Accidents are logged once, with traceback and path, by
        `ErrorPolicy` as it masks them."""
        if execution_context is not None:
            answer_busy(errors, execution_context.context)


def build_schema(settings: Settings) -> strawberry.Schema:
    return Schema(
        query=Query,
        mutation=Mutation,
        config=StrawberryConfig(auto_camel_case=True, scalar_map=SCALARS),
        extensions=[
            # The same documents come back again and again (the web app's, a client's retries);
            # a new one is parsed off the event loop.
            off_loop_parser(maxsize=256),
            lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
            # Over the ceiling: refused before validation; past the budget: before it runs.
            QueryCostLimit,
            # After the cost check, so a refused document is never validated.
            cached_validation(settings.graphql_max_depth, settings.graphql_max_aliases),
            *exposure_extensions(settings),
            ErrorPolicy,
        ],
    )
