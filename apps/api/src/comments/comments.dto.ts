import { ApiProperty } from '@nestjs/swagger';
import { IsString, ValidateBy } from 'class-validator';

/** The longest comment, in characters (code points, as PostgreSQL counts them). */
export const MAX_COMMENT_CHARS = 10_000;

/** Text a comment may hold: not blank, at most {@link MAX_COMMENT_CHARS} characters, no NUL (PostgreSQL cannot store it). */
function IsCommentText(): PropertyDecorator {
  return ValidateBy({
    name: 'isCommentText',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' &&
        value.trim() !== '' &&
        [...value].length <= MAX_COMMENT_CHARS &&
        !value.includes('\u0000'),
      defaultMessage: () =>
        `phải là văn bản (Markdown) không rỗng, tối đa ${MAX_COMMENT_CHARS.toLocaleString('vi-VN')} ký tự, không chứa ký tự NUL`,
    },
  });
}

/** POST /tasks/:id/comments and PATCH /tasks/:id/comments/:commentId. */
export class CommentBody {
  @ApiProperty({
    maxLength: MAX_COMMENT_CHARS,
    description: 'Markdown, stored and answered as text; Dondoc never renders it as HTML',
    example: 'Đề nghị bổ sung số liệu quý IV.',
  })
  @IsString({ message: 'phải là văn bản' })
  @IsCommentText()
  text!: string;
}

/** Who wrote a comment. */
export class CommentAuthor {
  @ApiProperty() sub!: string;
  @ApiProperty() unitId!: string;
}

/** An earlier text of an edited comment. */
export class CommentVersionView {
  @ApiProperty() text!: string;
  @ApiProperty({ format: 'date-time', description: 'when this text was replaced' }) until!: string;
}

/** A comment as the API shows it; a deleted one keeps its place with no text (a tombstone). */
export class CommentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) taskId!: string;
  @ApiProperty({ type: CommentAuthor }) author!: CommentAuthor;
  @ApiProperty({ type: String, nullable: true, description: 'null once deleted' }) text!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) editedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) deletedAt!: string | null;
  @ApiProperty({ type: [CommentVersionView], description: 'earlier texts, oldest first; empty once deleted' })
  history!: CommentVersionView[];
}

/** One page of a task's comments, oldest first. */
export class CommentPage {
  @ApiProperty({ type: [CommentView] }) items!: CommentView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
