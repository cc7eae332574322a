import { Link } from '../../router';

export default function Preview({ id }: { id: string }) {
  return (
    <section>
      <h1>Preview</h1>
      <p>
        <Link to={`/desk/articles/${id}`}>Back to the article</Link>
      </p>
    </section>
  );
}
