// Review integrity: the people named as reviewers of a review (who give its external and consensus ratings
// even when their role alone would not), and whether a finalized review was finalized as partial, and why.
export const reviewIntegrity = `
create table review_reviewer (
  review_id uuid not null references review(id) on delete cascade,
  person_id uuid not null references person(id),
  organization_id uuid not null references organization(id),
  primary key (review_id, person_id)
);
create index review_reviewer_person_idx on review_reviewer (person_id);

alter table review add column partial boolean not null default false;
alter table review add column partial_reason text;

-- Reviews finalized before a partial review needed a reason are marked partial when they are: a self-assessment
-- lacking a level for an indicator of its framework, any other review lacking an external or consensus level.
update review r set partial = true,
  partial_reason = 'Finalized with indicators unrated, before a partial review had to say why.'
where r.status = 'finalized' and exists (
  select 1
  from framework f
  cross join lateral jsonb_array_elements(f.document -> 'domains') d
  cross join lateral jsonb_array_elements(d -> 'indicators') i
  where f.id = r.framework_id
    and not exists (
      select 1 from rating x
      where x.review_id = r.id and x.indicator_key = i ->> 'key' and x.level is not null
        and (r.type = 'self_assessment' or x.source in ('external', 'consensus'))
    )
);
`;
