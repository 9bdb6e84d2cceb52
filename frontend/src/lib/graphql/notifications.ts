/** Which notices about people's actions an account receives. */
import { gql, type TypedDocumentNode } from "@urql/core";

import type * as G from "./generated/graphql";

export const NotificationSettingsQuery: TypedDocumentNode<G.NotificationSettingsQuery, G.NotificationSettingsQueryVariables> = gql`
  query NotificationSettings {
    notificationSettings {
      muted
    }
  }
`;

export const SetNotificationMutedMutation: TypedDocumentNode<G.SetNotificationMutedMutation, G.SetNotificationMutedMutationVariables> = gql`
  mutation SetNotificationMuted($kind: SocialNotificationKind!, $muted: Boolean!) {
    setNotificationMuted(kind: $kind, muted: $muted) {
      settings {
        muted
      }
      errors {
        field
        code
        message
      }
    }
  }
`;
