import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Empty, Skeleton, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client.ts';
import { usePerson } from '../../../api/registry.ts';

/** 一人一档: identity (masked unless revealed — the server audits every reveal) and records. */
export function PersonArchive({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const [reveal, setReveal] = useState(false);
  const person = usePerson(personId, reveal);
  if (person.isPending) return <Skeleton active />;
  if (person.isError) {
    return (
      <Alert
        type="error"
        showIcon
        message={person.error instanceof ApiError ? person.error.message : String(person.error)}
      />
    );
  }
  const p = person.data;
  return (
    <div data-testid="person-archive">
      <Descriptions
        size="small"
        bordered
        className="az-archive"
        column={{ xs: 1, md: 2 }}
        extra={
          p.abilities.reveal ? (
            <Tooltip title={reveal ? undefined : t('archive.revealNote')}>
              <Button
                size="small"
                icon={reveal ? <EyeInvisibleOutlined /> : <EyeOutlined />}
                onClick={() => setReveal(!reveal)}
                data-testid="reveal-toggle"
              >
                {reveal ? t('archive.hide') : t('archive.reveal')}
              </Button>
            </Tooltip>
          ) : null
        }
      >
        <Descriptions.Item label={t('archive.name')}>{p.name}</Descriptions.Item>
        <Descriptions.Item label={t('archive.idNumber')}>
          <span className="az-mono az-nowrap" data-testid="archive-id-number">
            {p.idNumber}
          </span>
          {p.idNumberRevealed ? (
            <Tag color="orange" className="az-tag-gap">
              {t('archive.revealed')}
            </Tag>
          ) : null}
        </Descriptions.Item>
        <Descriptions.Item label={t('archive.sex')}>{t(`archive.sexes.${p.sex}`)}</Descriptions.Item>
        <Descriptions.Item label={t('archive.birthDate')}>{p.birthDate}</Descriptions.Item>
        <Descriptions.Item label={t('archive.phone')}>
          <span className="az-mono">{p.phone ?? '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('archive.division')}>
          {p.divisionName ?? p.divisionCode}
        </Descriptions.Item>
      </Descriptions>

      <h4 className="az-subheading">{t('archive.education')}</h4>
      {p.education.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('archive.noRecords')} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={p.education}
          scroll={{ x: 560 }}
          columns={[
            { title: t('archive.eduLevel'), dataIndex: 'level', render: (l: string) => t(`education.${l}`) },
            { title: t('archive.school'), dataIndex: 'school' },
            {
              title: t('archive.major'),
              dataIndex: 'major',
              render: (m: string, r) => (
                <>
                  {m}
                  {r.safetyRelated ? (
                    <Tag color="green" className="az-tag-gap">
                      {t('archive.safetyRelated')}
                    </Tag>
                  ) : null}
                </>
              ),
            },
            { title: t('archive.graduatedOn'), dataIndex: 'graduatedOn', width: 110 },
          ]}
        />
      )}

      <h4 className="az-subheading">{t('archive.work')}</h4>
      {p.work.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('archive.noRecords')} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={p.work}
          scroll={{ x: 560 }}
          columns={[
            { title: t('archive.employer'), dataIndex: 'employerName' },
            {
              title: t('archive.post'),
              dataIndex: 'post',
              render: (post: string, r) => (
                <>
                  {post}
                  {r.safetyManagement ? (
                    <Tag color="blue" className="az-tag-gap">
                      {t('archive.safetyManagement')}
                    </Tag>
                  ) : null}
                </>
              ),
            },
            {
              title: t('archive.period'),
              key: 'period',
              width: 200,
              render: (_, r) => `${r.startedOn} ~ ${r.endedOn ?? t('archive.present')}`,
            },
          ]}
        />
      )}

      <h4 className="az-subheading">{t('archive.training')}</h4>
      {p.training.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('archive.noRecords')} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={p.training}
          scroll={{ x: 560 }}
          columns={[
            { title: t('archive.provider'), dataIndex: 'provider' },
            { title: t('archive.course'), dataIndex: 'course' },
            { title: t('archive.hours'), dataIndex: 'hours', width: 80 },
            { title: t('archive.completedOn'), dataIndex: 'completedOn', width: 110 },
          ]}
        />
      )}
    </div>
  );
}
