"""What the desk's API takes and returns. Staff only: nothing here is ever public."""

from rest_framework import serializers

from desk.models import Comment, Notification
from desk.services import MAX_COMMENT_LENGTH


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.get_username", read_only=True)
    mentions = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)
    mentioned_roles = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Comment
        fields = [
            "id",
            "claim",
            "verdict",
            "reply_to",
            "author",
            "text",
            "mentions",
            "mentioned_roles",
            "edited_at",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


class CommentWriteSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=MAX_COMMENT_LENGTH,
        help_text="Plain text; links are shown as links. @username mentions a member of "
        "the newsroom, @editors and @fact-checkers everyone in the role.",
    )
    reply_to = serializers.PrimaryKeyRelatedField(
        queryset=Comment.objects.all(),
        required=False,
        allow_null=True,
        help_text="The comment this one answers (on the same claim). Set when writing only.",
    )


class NotificationSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.get_username", read_only=True, allow_null=True)
    read = serializers.BooleanField(source="is_read", read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "actor",
            "claim",
            "comment",
            "message",
            "link",
            "read",
            "read_at",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notifications changed.")
