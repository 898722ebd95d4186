# The trigger that revokes API tokens when a password changes (accounts/models.py).

import django.contrib.auth.models
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('knox', '0009_extend_authtoken_field'),
    ]

    operations = [
        migrations.CreateModel(
            name='Account',
            fields=[
            ],
            options={
                'proxy': True,
                'indexes': [],
                'constraints': [],
            },
            bases=('auth.user',),
            managers=[
                ('objects', django.contrib.auth.models.UserManager()),
            ],
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='account',
            trigger=pgtrigger.compiler.Trigger(name='revoke_tokens_on_password_change', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.password IS DISTINCT FROM NEW.password)', func='DELETE FROM "knox_authtoken" WHERE "user_id" = NEW.id; RETURN NULL;', hash='6276bcea6c59cb0321cb5534f58abdff91c2c133', operation='UPDATE OF "password"', pgid='pgtrigger_revoke_tokens_on_password_change_079e3', table='auth_user', when='AFTER')),
        ),
    ]
