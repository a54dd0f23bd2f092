//! The kinds of objects a document shows, each with its word.

/// Defines a kind enum whose variants each have the word a document
/// prints for them.
macro_rules! kinds {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $word:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
        }

        impl $name {
            /// The word a document prints for this kind.
            pub fn word(self) -> &'static str {
                match self {
                    $($name::$variant => $word,)*
                }
            }
        }
    };
}

kinds! {
    /// The kinds of top-level objects, in the order a document prints them
    /// within a schema.
    EntryKind {
        Schema => "schema",
        Extension => "extension",
        Collation => "collation",
        TextSearchConfig => "text search configuration",
        Type => "type",
        Sequence => "sequence",
        Table => "table",
        View => "view",
        MaterializedView => "materialized view",
        /// An extended statistics object (`CREATE STATISTICS`).
        Statistics => "statistics",
        Function => "function",
        Procedure => "procedure",
        Aggregate => "aggregate",
        EventTrigger => "event trigger",
        Publication => "publication",
        DefaultPrivileges => "default privileges",
        Operator => "operator",
        OperatorFamily => "operator family",
        OperatorClass => "operator class",
        /// A cast (database-wide).
        Cast => "cast",
        /// A transform (database-wide).
        Transform => "transform",
        Conversion => "conversion",
        TextSearchDictionary => "text search dictionary",
        TextSearchParser => "text search parser",
        TextSearchTemplate => "text search template",
        ForeignDataWrapper => "foreign data wrapper",
        /// A foreign server.
        ForeignServer => "server",
        ForeignTable => "foreign table",
        Subscription => "subscription",
        /// A procedural language.
        Language => "language",
        AccessMethod => "access method",
    }
}

kinds! {
    /// The kinds of parts under a top-level object: named sub-objects
    /// (column, index, grantee…) and properties that occur once (comment,
    /// owner, body…).
    PartKind {
        /// A table's or view's column.
        Column => "column",
        /// A composite type's attribute.
        Attribute => "attribute",
        /// A table's constraint or a domain's check.
        Constraint => "constraint",
        Index => "index",
        Trigger => "trigger",
        Policy => "policy",
        Rule => "rule",
        /// One storage parameter (`with fillfactor 70`).
        StorageParameter => "with",
        /// One `SET` option of a function.
        Setting => "set",
        /// A text search configuration's mapping of one token type.
        Mapping => "mapping",
        /// A table a publication publishes.
        PublishedTable => "table",
        /// A schema whose tables a publication publishes.
        PublishedSchema => "tables in schema",
        /// Privileges granted to one grantee beyond the default.
        Grant => "grant",
        /// Default privileges one grantee no longer has.
        Revoke => "revoke",
        /// The comment on the object, or on one of its parts.
        Comment => "comment",
        Owner => "owner",
        Unlogged => "unlogged",
        PartitionBy => "partition by",
        PartitionOf => "partition of",
        Inherits => "inherits",
        RowLevelSecurity => "row level security",
        RowLevelSecurityForced => "row level security forced",
        ReplicaIdentity => "replica identity",
        Tablespace => "tablespace",
        AccessMethod => "access method",
        /// A view's query.
        Definition => "definition",
        /// White space after a view's query.
        DefinitionTrailing => "definition-trailing",
        NotPopulated => "not populated",
        /// A sequence's parameters.
        SequenceParameters => "parameters",
        OwnedBy => "owned by",
        /// A routine's language, volatility, strictness, cost…
        RoutineAttributes => "attributes",
        /// An aggregate's definition.
        AggregateDefinition => "aggregate",
        /// A routine's body.
        Body => "body",
        /// The schema an extension's objects are in.
        ExtensionSchema => "schema",
        Version => "version",
        Provider => "provider",
        Locale => "locale",
        LcCollate => "lc_collate",
        LcCtype => "lc_ctype",
        /// A collation's ICU rules.
        CollationRules => "rules",
        Deterministic => "deterministic",
        Parser => "parser",
        /// The event an event trigger fires on.
        Event => "on",
        WhenTagIn => "when tag in",
        ExecuteFunction => "execute function",
        Enabled => "enabled",
        ForAllTables => "for all tables",
        Publish => "publish",
        PublishViaPartitionRoot => "publish_via_partition_root",
        PublishGeneratedColumns => "publish_generated_columns",
        /// A domain's collation.
        Collate => "collate",
        NotNull => "not null",
        Default => "default",
        SubtypeOpclass => "subtype_opclass",
        /// A range type's collation.
        RangeCollation => "collation",
        Canonical => "canonical",
        SubtypeDiff => "subtype_diff",
        MultirangeTypeName => "multirange_type_name",
        /// A statistics object's columns and expressions, and its table.
        StatisticsOn => "on",
        /// The kinds a statistics object builds.
        StatisticsKinds => "kinds",
        /// A statistics object's `SET STATISTICS`.
        StatisticsTarget => "statistics target",
        /// An operator's implementing function.
        OperatorFunction => "function",
        /// An operator's result type.
        Returns => "returns",
        Commutator => "commutator",
        Negator => "negator",
        Restrict => "restrict",
        Join => "join",
        Hashes => "hashes",
        Merges => "merges",
        /// An operator class's indexed type.
        ForType => "for type",
        /// `DEFAULT` of an operator class, or of a conversion.
        IsDefault => "is default",
        /// The operator family of an operator class.
        Family => "family",
        /// An operator class's storage type.
        Storage => "storage",
        /// An operator of an operator class or family (`pg_amop`).
        MemberOperator => "operator",
        /// A support function of an operator class or family (`pg_amproc`).
        MemberFunction => "function",
        /// How a cast converts: its function, without function, with inout.
        CastMethod => "method",
        /// Where a cast applies: implicit, assignment or explicit.
        CastContext => "context",
        FromSql => "from sql",
        ToSql => "to sql",
        /// A conversion's encodings.
        Encodings => "for",
        /// A conversion's function.
        ConversionFunction => "from",
        /// A text search dictionary's template.
        Template => "template",
        /// A text search dictionary's options.
        Options => "options",
        /// A text search parser's or template's support function
        /// (`start`, `gettoken`, `lexize`…), keyed by its role.
        SupportFunction => "support",
        /// One generic option of a foreign data wrapper, server, user
        /// mapping, foreign table or foreign table column.
        GenericOption => "option",
        /// A foreign data wrapper's, language's or access method's handler.
        Handler => "handler",
        Validator => "validator",
        /// A language's inline handler.
        Inline => "inline",
        /// A server's foreign data wrapper.
        Wrapper => "foreign data wrapper",
        /// A server's or access method's type.
        ObjectType => "type",
        /// A server's user mapping for one user.
        UserMapping => "user mapping for",
        /// A foreign table's server.
        Server => "server",
        /// A subscription's connection string (secrets redacted).
        Connection => "connection",
        /// A publication a subscription subscribes to.
        SubscribedPublication => "publication",
        SlotName => "slot_name",
        /// One parameter of a subscription (`binary`, `streaming`, …).
        SubscriptionParameter => "with",
        /// A language's trust.
        Trusted => "trusted",
    }
}

/// Any kind a document shows: a top-level object's or a part's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ObjectKind {
    /// A top-level object's.
    Entry(EntryKind),
    /// A part's, under a top-level object.
    Part(PartKind),
}

impl ObjectKind {
    /// The word a document prints for this kind.
    pub fn word(self) -> &'static str {
        match self {
            ObjectKind::Entry(k) => k.word(),
            ObjectKind::Part(k) => k.word(),
        }
    }
}

impl EntryKind {
    /// True for objects that live in a schema and are named
    /// `schema.name`; false for schemas, database-wide objects and
    /// default privileges.
    pub fn is_qualified(self) -> bool {
        !matches!(
            self,
            EntryKind::Schema
                | EntryKind::Extension
                | EntryKind::EventTrigger
                | EntryKind::Publication
                | EntryKind::DefaultPrivileges
                | EntryKind::Cast
                | EntryKind::Transform
                | EntryKind::ForeignDataWrapper
                | EntryKind::ForeignServer
                | EntryKind::Subscription
                | EntryKind::Language
                | EntryKind::AccessMethod
        )
    }

    /// True for the kinds whose parts include columns in an order that
    /// matters: tables, views and materialized views.
    pub fn has_columns(self) -> bool {
        matches!(
            self,
            EntryKind::Table
                | EntryKind::View
                | EntryKind::MaterializedView
                | EntryKind::ForeignTable
        )
    }
}
