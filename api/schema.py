"""The GraphQL schema: the root types only compose each area's classes."""

from __future__ import annotations

import strawberry
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.schema.config import StrawberryConfig

from api.accounts.schema import AccountsMutation, AccountsQuery
from api.commerce.deliverables import DeliverablesMutation
from api.commerce.schema import CommerceMutation, CommerceQuery
from api.core.errors import ErrorPolicy
from api.core.scalars import SCALARS
from api.drops.schema import DropsMutation, DropsQuery
from api.feeds.schema import FeedsMutation, FeedsQuery
from api.notifications.schema import NotificationsMutation, NotificationsQuery
from api.posts.schema import PostsMutation, PostsQuery
from api.reports.schema import ReportsMutation, ReportsQuery
from core.settings import Settings


@strawberry.type
class Query(
    AccountsQuery,
    PostsQuery,
    CommerceQuery,
    ReportsQuery,
    DropsQuery,
    FeedsQuery,
    NotificationsQuery,
):
    pass


@strawberry.type
class Mutation(
    AccountsMutation,
    PostsMutation,
    CommerceMutation,
    DeliverablesMutation,
    ReportsMutation,
    DropsMutation,
    NotificationsMutation,
    FeedsMutation,
):
    pass


def build_schema(settings: Settings) -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        config=StrawberryConfig(auto_camel_case=True, scalar_map=SCALARS),
        extensions=[
            lambda: QueryDepthLimiter(max_depth=settings.graphql_max_depth),
            lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
            lambda: MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases),
            ErrorPolicy,
        ],
    )
