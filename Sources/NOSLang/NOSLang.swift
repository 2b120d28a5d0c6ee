// NOSLang: the nos language (lexer, parser, resolver, interpreter).
