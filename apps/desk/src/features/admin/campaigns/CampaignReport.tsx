export default function CampaignReport({ id }: { id: string }) {
  return <p>The report of {id} comes next.</p>;
}
